#include "emready/report/metric_text.hpp"

#include <cmath>
#include <fmt/format.h>

namespace emready::report {

namespace {

// Backslash and line feed escaped, and double quotes too in label values (not in HELP).
std::string escaped(std::string_view text, bool quotes)
{
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
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
  return escaped(value, true);
}

void MetricWriter::family(std::string_view name, std::string_view type, std::string_view help)
{
  m_out << "# HELP " << name << ' ' << escaped(help, false) << '\n' << "# TYPE " << name << ' ' << type << '\n';
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
