#pragma once

#include <ostream>
#include <string_view>

namespace emready::report {

// The compliance reports' one stylesheet (inline: the file stays self-contained): screen and
// A4 print rules, headers repeated, no row split across pages.
std::string_view html_style();

// The appendix every compliance report ends with: the brochure's statements on what eM
// sends and stores (data/em-security-facts.json), escaped.
void write_html_appendix(std::ostream& out);

} // namespace emready::report
