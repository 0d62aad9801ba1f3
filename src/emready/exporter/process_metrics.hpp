#pragma once

#include "emready/report/metric_text.hpp"

namespace emready::exporter {

// The process_* metrics Prometheus' client libraries export, from /proc/self: start time,
// resident memory, open and maximum descriptors, CPU seconds. What cannot be read is left out.
void write_process_metrics(report::MetricWriter& writer);

} // namespace emready::exporter
