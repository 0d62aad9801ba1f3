#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emready::report {

// A sample's labels, in the order they are written.
using MetricLabels = std::vector<std::pair<std::string_view, std::string>>;

// Writes the Prometheus text exposition format (version 0.0.4): each family's HELP and TYPE
// once, then its samples, with label values and help escaped as the format says.
class MetricWriter
{
public:
  // The Content-Type of what this writes.
  static constexpr std::string_view k_content_type = "text/plain; version=0.0.4; charset=utf-8";

  explicit MetricWriter(std::ostream& out) : m_out(out) {}

  // Starts a family: `type` is "gauge", "counter", "untyped" (or "histogram"/"summary" with
  // their _bucket/_sum/_count samples).
  void family(std::string_view name, std::string_view type, std::string_view help);

  // One sample of the current family (or of its _sum/_count series).
  void sample(std::string_view name, const MetricLabels& labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }

private:
  std::ostream& m_out;
};

// `value` as the format writes numbers: integers without a fraction, NaN, +Inf, -Inf.
std::string metric_number(double value);

// `value` escaped for a label value (backslash, double quote, line feed).
std::string escape_label_value(std::string_view value);

} // namespace emready::report
