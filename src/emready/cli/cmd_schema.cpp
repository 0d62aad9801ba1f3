// `emready schema NAME`: the JSON Schema of one of emready's JSON documents.
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/core/error.hpp"
#include "emready/core/suggest.hpp"
#include "emready/report/schemas.hpp"

#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

void add_schema_command(CLI::App& app, Context& context)
{
  auto& name = context.own<std::string>();
  auto& output = context.own<std::string>();
  auto* command = app.add_subcommand(
    "schema", "Print the JSON Schema (draft 2020-12) of a JSON document emready writes");
  command->add_option("name", name, "The document: " + fmt::format("{}", fmt::join(report::schema_names(), ", ")))
    ->type_name("NAME");
  add_output_option(*command, output, "the schema");
  command->footer("\nWith no NAME, lists the documents. Every document carries schema_version\n"
                  "(MAJOR.MINOR, docs/json.md): a new field is a minor step, a changed meaning a major one.\n"
                  "\nExamples:\n  emready schema check -o check.schema.json\n  emready schema\n");
  command->callback([&name, &output] {
    if (name.empty()) {
      for (const auto& known : report::schema_names()) {
        std::cout << known << '\n';
      }
      return;
    }
    const auto text = report::schema_named(name);
    if (!text) {
      throw core::InputError(fmt::format("no schema '{}'{} (known: {})", name,
                                         core::did_you_mean(name, report::schema_names()),
                                         fmt::join(report::schema_names(), ", ")));
    }
    write_output(output, [&](std::ostream& stream) { stream << *text; });
  });
}

} // namespace emready::cli
