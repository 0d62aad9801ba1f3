#pragma once

#include <string>
#include <vector>

namespace emready::report {

// `text` cut at spaces into lines of at most `width` (a longer word stands alone).
std::vector<std::string> wrapped(const std::string& text, std::size_t width);

// `text` as a paragraph: the first line starts after `first` (already written, `first`
// columns wide), the others after `indent` spaces, none longer than `width`; ends in '\n'.
std::string paragraph(const std::string& text, std::size_t width, std::size_t first, std::size_t indent);

} // namespace emready::report
