#include "emready/cli/cli_reference.hpp"

#include <algorithm>

namespace emready::cli {

namespace {

// CLI::IsMember describes itself as "{a,b,c}" (or "{a,b,c} OR ..." when combined).
std::vector<std::string> member_choices(const std::string& description)
{
  const auto open = description.find('{');
  const auto close = description.find('}', open);
  if (open == std::string::npos || close == std::string::npos) {
    return {};
  }
  std::vector<std::string> out;
  std::string current;
  for (auto i = open + 1; i < close; ++i) {
    if (description[i] == ',') {
      out.push_back(current);
      current.clear();
    } else if (description[i] != ' ') {
      current += description[i];
    }
  }
  if (!current.empty()) {
    out.push_back(current);
  }
  return out;
}

std::string strip_member_set(std::string type)
{
  // get_type_name() appends the validators' descriptions: "TEXT:{a,b}", "FLOAT:POSITIVE",
  // "MIB:INT in [1 - 4096]" → the value's name alone; the choices and defaults are listed apart.
  if (const auto colon = type.find(':'); colon != std::string::npos) {
    type.erase(colon);
  }
  return type;
}

OptionReference describe_option(const CLI::Option& option, const std::vector<std::string>& agents,
                                const std::vector<std::string>& dialects)
{
  OptionReference out;
  out.short_names = option.get_snames();
  out.long_names = option.get_lnames();
  out.description = option.get_description();
  out.default_value = option.get_default_str();
  if (option.get_type_size_max() == 0) {
    return out; // a flag
  }
  out.value_name = strip_member_set(option.get_type_name());
  out.kind = ValueKind::word;
  const auto named = [&](const char* name) {
    return std::find(out.long_names.begin(), out.long_names.end(), name) != out.long_names.end();
  };
  auto& option_ref = const_cast<CLI::Option&>(option); // get_validator is not const in CLI11 2.1
  for (int i = 0;; ++i) {
    try {
      const auto* validator = option_ref.get_validator(i);
      if (validator == nullptr) {
        break;
      }
      auto choices = member_choices(const_cast<CLI::Validator*>(validator)->get_description());
      if (!choices.empty()) {
        out.kind = ValueKind::choice;
        out.choices = std::move(choices);
      }
    } catch (const CLI::OptionNotFound&) {
      break;
    }
  }
  if (named("agent")) {
    out.kind = ValueKind::choice;
    out.choices = agents;
    out.choices.push_back("all");
  } else if (named("dialect")) {
    out.kind = ValueKind::choice;
    out.choices = dialects;
  } else if (out.kind == ValueKind::word) {
    const auto& type = out.value_name;
    if (type.find("DIR") != std::string::npos) {
      out.kind = ValueKind::directory;
    } else if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos ||
               type.find(".json") != std::string::npos) {
      out.kind = ValueKind::file;
    }
  }
  return out;
}

void describe(const CLI::App& app, const std::string& path, const std::vector<std::string>& agents,
              const std::vector<std::string>& dialects, std::vector<CommandReference>& out)
{
  CommandReference command;
  command.path = path;
  command.description = app.get_description();
  command.footer = app.get_footer();
  for (const auto* option : app.get_options()) {
    if (option == app.get_help_ptr() || option == app.get_help_all_ptr()) {
      continue;
    }
    if (option->get_positional() && !option->nonpositional()) {
      command.positionals.push_back(option->get_name());
      continue;
    }
    command.options.push_back(describe_option(*option, agents, dialects));
  }
  const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
  for (const auto* sub : subcommands) {
    if (!sub->get_group().empty()) {
      command.subcommands.push_back(sub->get_name());
    }
  }
  out.push_back(std::move(command));
  for (const auto* sub : subcommands) {
    if (!sub->get_group().empty()) {
      describe(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), agents, dialects, out);
    }
  }
}

} // namespace

std::vector<CommandReference> describe_commands(const CLI::App& app,
                                                const std::vector<std::string>& agents,
                                                const std::vector<std::string>& dialects)
{
  std::vector<CommandReference> out;
  describe(app, "", agents, dialects, out);
  return out;
}

} // namespace emready::cli
