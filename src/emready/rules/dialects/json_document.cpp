#include "emready/rules/dialects/json_document.hpp"

#include "emready/core/error.hpp"

#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <vector>

namespace emready::rules::dialects {

namespace {

// A char iterator that remembers the furthest byte the parser has read: at each parse
// callback, the token just parsed ends there.
struct CountingIterator
{
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  const char* base = nullptr;
  std::size_t* read = nullptr;

  reference operator*() const
  {
    *read = static_cast<std::size_t>(at - base);
    return *at;
  }
  CountingIterator& operator++()
  {
    ++at;
    return *this;
  }
  CountingIterator operator++(int)
  {
    auto before = *this;
    ++at;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return at == other.at; }
  bool operator!=(const CountingIterator& other) const { return at != other.at; }
};

std::string escaped(std::string_view key)
{
  std::string out;
  for (const char c : key) {
    out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  }
  return out;
}

const char* type_name(const nlohmann::json& value)
{
  if (value.is_number_float()) {
    return "a fractional number";
  }
  return value.type_name();
}

} // namespace

bool looks_like_json(const SourceText& source)
{
  const auto first = source.text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (source.text[first] == '{' || source.text[first] == '[');
}

std::string JsonDocument::child(const std::string& pointer, std::string_view key)
{
  return pointer + "/" + escaped(key);
}

std::string JsonDocument::child(const std::string& pointer, std::size_t index)
{
  return pointer + "/" + std::to_string(index);
}

JsonDocument::JsonDocument(const SourceText& source, std::string dialect)
  : m_source(source), m_dialect(std::move(dialect)), m_lines(source.file, source.text)
{
  struct Frame
  {
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::string pointer; // of the container
  };
  std::vector<Frame> stack;
  std::size_t read = 0;
  std::size_t resume = 0; // where the next token may start
  const auto& text = source.text;
  const auto start_of_token = [&] {
    auto at = resume;
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n' ||
                                text[at] == ',' || text[at] == ':')) {
      ++at;
    }
    return at;
  };
  // The pointer of the value being started now, in its container.
  const auto slot = [&]() -> std::string {
    if (stack.empty()) {
      return "";
    }
    const auto& top = stack.back();
    return top.array ? child(top.pointer, top.index) : child(top.pointer, top.key);
  };
  const auto done_with_slot = [&] {
    if (!stack.empty() && stack.back().array) {
      ++stack.back().index;
    }
  };
  using Event = nlohmann::json::parse_event_t;
  const nlohmann::json::parser_callback_t callback = [&](int depth, Event event, nlohmann::json& parsed) {
    const auto begins = start_of_token();
    switch (event) {
    case Event::object_start:
    case Event::array_start: {
      if (depth >= k_max_depth) {
        throw core::InputError(
          fmt::format("{}: JSON nested deeper than {} levels; no allow-list export needs that", m_dialect,
                      k_max_depth),
          m_lines.at(begins));
      }
      auto pointer = slot();
      m_offsets.emplace(pointer, begins);
      stack.push_back({event == Event::array_start, 0, "", std::move(pointer)});
      break;
    }
    case Event::object_end:
    case Event::array_end:
      if (!stack.empty()) {
        stack.pop_back();
      }
      done_with_slot();
      break;
    case Event::key:
      if (!stack.empty() && parsed.is_string()) {
        stack.back().key = parsed.get<std::string>();
      }
      break;
    case Event::value: // a string's place is its first character, where an entry's errors point
      m_offsets.emplace(slot(), parsed.is_string() && begins < text.size() && text[begins] == '"' ? begins + 1 : begins);
      done_with_slot();
      break;
    }
    resume = read + 1;
    return true;
  };
  const CountingIterator first{text.data(), text.data(), &read};
  const CountingIterator last{text.data() + text.size(), text.data(), &read};
  try {
    m_root = nlohmann::json::parse(first, last, callback);
  } catch (const nlohmann::json::parse_error& e) {
    const auto offset = e.byte > 0 ? e.byte - 1 : 0;
    throw core::InputError(fmt::format("{}: invalid JSON: {}", m_dialect, e.what()), m_lines.at(offset));
  }
}

core::SourceLocation JsonDocument::location(const std::string& pointer) const
{
  const auto found = m_offsets.find(pointer);
  return m_lines.at(found == m_offsets.end() ? 0 : found->second);
}

void JsonDocument::fail_at(const std::string& pointer, const std::string& message) const
{
  throw core::InputError(fmt::format("{}: {}: {}", m_dialect, pointer.empty() ? "/" : pointer, message),
                         location(pointer));
}

const std::string& JsonDocument::string_at(const nlohmann::json& value, const std::string& pointer) const
{
  if (!value.is_string()) {
    fail_at(pointer, fmt::format("must be a string, not {}", type_name(value)));
  }
  return value.get_ref<const std::string&>();
}

std::int64_t JsonDocument::integer_at(const nlohmann::json& value, const std::string& pointer, std::int64_t min,
                                      std::int64_t max) const
{
  if (!value.is_number_integer()) {
    fail_at(pointer, value.is_number_float() ? fmt::format("must be a whole number, not {}", value.dump())
                                             : fmt::format("must be a number, not {}", type_name(value)));
  }
  const auto out_of_range = [&] { fail_at(pointer, fmt::format("{} is out of range ({}..{})", value.dump(), min, max)); };
  if (value.is_number_unsigned()) { // compared before any narrowing
    const auto number = value.get<std::uint64_t>();
    if (max < 0 || number > static_cast<std::uint64_t>(max) || static_cast<std::int64_t>(number) < min) {
      out_of_range();
    }
    return static_cast<std::int64_t>(number);
  }
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) {
    out_of_range();
  }
  return number;
}

const nlohmann::json& JsonDocument::array_at(const nlohmann::json& value, const std::string& pointer) const
{
  if (!value.is_array()) {
    fail_at(pointer, fmt::format("must be a list, not {}", type_name(value)));
  }
  return value;
}

} // namespace emready::rules::dialects
