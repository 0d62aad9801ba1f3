// `emready profiles` and `emready profiles show`.
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/report/document.hpp"
#include "emready/report/json_text.hpp"
#include "emready/report/profiles_report.hpp"

#include <iostream>

namespace emready::cli {

void add_profiles_command(CLI::App& app, Context& context)
{
  auto* command = app.add_subcommand("profiles", "List the agent profiles (built in, or from "
                                                 "--profiles DIR)");
  command->footer("\nExamples:\n"
                  "  emready profiles\n"
                  "  emready profiles show cca erds\n"
                  "  emready profiles show all --format json\n"
                  "  emready --profiles ./my-profiles profiles");
  auto& format = context.own<std::string>();
  add_format_option(*command, format, {"text", "json"});
  auto& output = context.own<std::string>();
  add_output_option(*command, output, "the list");
  command->callback([command, &context, &format, &output] {
    if (command->get_subcommands().empty()) {
      const auto catalog = context.load_catalog();
      const auto selected = catalog.select({});
      if (format == "json") {
        auto list = nlohmann::json::array();
        for (const auto* p : selected) {
          list.push_back(report::profile_json(*p, false));
        }
        auto out = report::document_header("profiles", context.document_run());
        out["profiles"] = std::move(list);
        write_output(output, [&](std::ostream& stream) { stream << report::json_text(out) << '\n'; });
      } else {
        write_output(output, [&](std::ostream& stream) { report::print_profile_list(selected, stream); });
      }
    }
  });

  auto* show = command->add_subcommand("show", "Print the endpoints of agents");
  auto& agents = context.own<std::vector<std::string>>();
  show->add_option("agents", agents, "Agent names, or 'all'")->required()->type_name("AGENT");
  auto& show_format = context.own<std::string>();
  add_format_option(*show, show_format, {"text", "json"});
  auto& show_output = context.own<std::string>();
  add_output_option(*show, show_output, "the profiles");
  show->footer("\nExamples:\n  emready profiles show cca\n  emready profiles show all --format json");
  show->callback([&] {
    const auto catalog = context.load_catalog();
    const auto selected = catalog.select(agents);
    if (show_format == "json") {
      auto list = nlohmann::json::array();
      for (const auto* p : selected) {
        list.push_back(report::profile_json(*p, true));
      }
      auto out = report::document_header("profiles", context.document_run());
      out["profiles"] = std::move(list);
      write_output(show_output, [&](std::ostream& stream) { stream << report::json_text(out) << '\n'; });
    } else {
      write_output(show_output, [&](std::ostream& stream) {
        report::print_profile_details(selected, show_output.empty() ? report::Style::for_stdout() : report::Style(false),
                                      stream);
      });
    }
  });
}

} // namespace emready::cli
