// `emready dialects`: what each dialect's rules cover, and where that comes from.
#include "emready/cli/commands.hpp"
#include "emready/rules/dialect.hpp"

#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

void add_dialects_command(CLI::App& app, Context& /*context*/)
{
  auto* command = app.add_subcommand(
    "dialects", "Explain how each firewall/proxy dialect matches host names");
  command->footer("\nExamples:\n  emready dialects\n");
  command->callback([] {
    for (const auto* dialect : rules::all_dialects()) {
      const auto& info = dialect->info();
      std::cout << fmt::format("{} — {}\n  {}\n  Source: {}\n", info.name, info.title,
                               info.matching, info.reference);
      if (!info.unconfirmed.empty()) {
        std::cout << fmt::format("  Unconfirmed: {}\n", info.unconfirmed);
      }
      std::cout << '\n';
    }
  });
}

} // namespace emready::cli
