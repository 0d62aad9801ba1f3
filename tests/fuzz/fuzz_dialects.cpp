// Every dialect's reader, then the audit over the built-in profiles. The first line names
// the dialect ("squid\n…"); an unknown name picks one by the first byte.
#include "fuzz_target.hpp"

#include "emready/core/error.hpp"
#include "emready/profile/catalog.hpp"
#include "emready/rules/audit.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready;
  static const auto catalog = profile::Catalog::builtin();
  static const auto profiles = catalog.select({});
  const auto text = fuzz::text_of(data, size);
  const auto newline = text.find('\n');
  const auto name = text.substr(0, newline == std::string_view::npos ? 0 : newline);
  const auto& all = rules::all_dialects();
  const rules::Dialect* dialect = all[size == 0 ? 0 : data[0] % all.size()];
  for (const auto* candidate : all) {
    if (candidate->info().name == name) {
      dialect = candidate;
    }
  }
  // A file name no include can be found beside: the reader never touches the disk by chance.
  const rules::SourceText source{"/nonexistent/fuzz.list",
                                 std::string(newline == std::string_view::npos ? text : text.substr(newline + 1))};
  try {
    auto list = dialect->read(source);
    const auto result = rules::audit(*dialect, std::move(list), profiles);
    (void)result.ready();
  } catch (const core::InputError&) {
  }
  return 0;
}
