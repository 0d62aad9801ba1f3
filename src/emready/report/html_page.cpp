#include "emready/report/html_page.hpp"

#include "emready/report/html_report.hpp"
#include "emready/report/security_facts.hpp"

#include <fmt/format.h>

namespace emready::report {

namespace {

constexpr std::string_view k_style = R"CSS(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 2em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
.result { font-size: 14pt; font-weight: bold; padding: 0.3em 0.6em; display: inline-block; }
.ready { background: #d8f0d8; } .not-ready { background: #f6d2d2; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.verdict { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; }
tr.failing td.verdict { color: #a00; font-weight: bold; }
pre { background: #f4f4f4; border: 1px solid #ccc; padding: 0.6em; white-space: pre-wrap; word-break: break-all; }
.warning { background: #fff3cd; border: 1px solid #e0c060; padding: 0.5em; }
.note { color: #444; }
ul.evidence { margin: 0; padding-left: 1.1em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr, li, pre { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
)CSS";

} // namespace

std::string_view html_style()
{
  return k_style;
}

void write_html_appendix(std::ostream& out)
{
  const auto& facts = security_facts();
  out << fmt::format("<h2>Appendix: {}</h2>\n<p class=\"note\"><i>{}</i> Source: {}.</p>\n<table><tbody>\n",
                     html_escape(facts.title), html_escape(facts.disclaimer), html_escape(facts.source));
  for (const auto& statement : facts.statements) {
    out << fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(statement.topic), html_escape(statement.text));
  }
  out << "</tbody></table>\n";
}

} // namespace emready::report
