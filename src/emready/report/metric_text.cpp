#include "emready/report/metric_text.hpp"

#include <cmath>
#include <fmt/format.h>

namespace emready::report {

namespace {

// HELP text escapes only backslash and line feed.
std::string escape_help(std::string_view help)
{
  std::string out;
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

std::string metric_number(double value)
{
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

std::string escape_label_value(std::string_view value)
{
  std::string out;
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void MetricWriter::family(std::string_view name, std::string_view type, std::string_view help)
{
  m_out << "# HELP " << name << ' ' << escape_help(help) << '\n' << "# TYPE " << name << ' ' << type << '\n';
}

void MetricWriter::sample(std::string_view name, const MetricLabels& labels, double value)
{
  m_out << name;
  if (!labels.empty()) {
    m_out << '{';
    bool first = true;
    for (const auto& [label, text] : labels) {
      m_out << (first ? "" : ",") << label << "=\"" << escape_label_value(text) << '"';
      first = false;
    }
    m_out << '}';
  }
  m_out << ' ' << metric_number(value) << '\n';
}

} // namespace emready::report
