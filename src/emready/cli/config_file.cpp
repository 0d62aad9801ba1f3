#include "emready/cli/config_file.hpp"

#include "emready/core/error.hpp"
#include "emready/core/input_file.hpp"
#include "emready/core/suggest.hpp"
#include "emready/profile/yaml_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

namespace emready::cli {

namespace {

std::string sysconfdir()
{
  const char* dir = std::getenv("EMREADY_SYSCONFDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/etc/emready";
}

std::string text_of(const core::SourceLocation& where)
{
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

// Options a file may not set: they steer the run itself, not what it checks.
bool reserved(const std::string& name)
{
  return name == "help" || name == "version" || name == "config";
}

const CLI::Option* long_option(const CLI::App& app, const std::string& name)
{
  for (const auto* option : app.get_options()) {
    const auto& names = option->get_lnames();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return option;
    }
  }
  return nullptr;
}

const CLI::App* subcommand(const CLI::App& app, const std::string& name)
{
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) {
      return sub;
    }
  }
  return nullptr;
}

std::vector<std::string> keys_of(const CLI::App& app)
{
  std::vector<std::string> keys;
  for (const auto* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) {
      if (!reserved(name)) {
        keys.push_back(name);
      }
    }
  }
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    keys.push_back(sub->get_name());
  }
  return keys;
}

// YAML, read the way the command line is: see add_config_files.
class YamlConfig : public CLI::Config
{
public:
  YamlConfig(const CLI::App& app, const CLI::Option& option, ConfigOrigins& origins)
    : m_app(app), m_option(option), m_origins(origins)
  {
  }

  std::string to_config(const CLI::App*, bool, bool, std::string) const override { return ""; }

  // CLI11 gives the stream, not the name: it reads the files in reverse order of --config's
  // values (the highest precedence first), so the name is the next of those that exist.
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override
  {
    (void)input; // read again by name, through read_input_file: its size limit and BOM rule
    auto files = const_cast<CLI::Option&>(m_option).as<std::vector<std::string>>();
    std::erase_if(files, [](const std::string& f) { return !std::filesystem::is_regular_file(f); });
    if (files.empty()) {
      return {};
    }
    const auto name = files[files.size() - 1 - std::min(m_read, files.size() - 1)];
    ++m_read;
    const profile::YamlSource source(core::read_input_file(name, "configuration file"), name);
    std::vector<CLI::ConfigItem> read;
    const auto& root = source.root();
    if (root.IsNull()) {
      return read;
    }
    read_section(source, root, m_app, {}, read);
    inherit_check_section(read);
    return read;
  }

private:
  // `serve` runs checks: what a file sets under `check` holds for `serve` too (the probe
  // options both take), unless the same file sets it under `serve`.
  void inherit_check_section(std::vector<CLI::ConfigItem>& read) const
  {
    const auto* serve = subcommand(m_app, "serve");
    if (serve == nullptr) {
      return;
    }
    std::vector<CLI::ConfigItem> inherited;
    for (const auto& item : read) {
      if (item.parents != std::vector<std::string>{"check"} || !long_option(*serve, item.name)) {
        continue;
      }
      const bool own = std::any_of(read.begin(), read.end(), [&](const CLI::ConfigItem& other) {
        return other.parents == std::vector<std::string>{"serve"} && other.name == item.name;
      });
      if (!own) {
        auto copy = item;
        copy.parents = {"serve"};
        if (const auto origin = m_origins.find(item.fullname()); origin != m_origins.end()) {
          m_origins.emplace(copy.fullname(), origin->second + " (check's)");
        }
        inherited.push_back(std::move(copy));
      }
    }
    read.insert(read.end(), inherited.begin(), inherited.end());
  }

  void read_section(const profile::YamlSource& source, const YAML::Node& map, const CLI::App& app,
                    const std::vector<std::string>& parents, std::vector<CLI::ConfigItem>& out) const
  {
    const auto where = parents.empty() ? std::string("the configuration")
                                       : fmt::format("'{}'", fmt::join(parents, " "));
    if (!map.IsMap()) {
      source.fail(map, fmt::format("{} must be a mapping of option names to values, not {}", where,
                                   profile::describe_type(map)));
    }
    source.check_keys(map, where, keys_of(app), {});
    for (const auto& entry : map) {
      const auto key = entry.first.as<std::string>();
      if (const auto* sub = subcommand(app, key); sub != nullptr && !long_option(app, key)) {
        auto deeper = parents;
        deeper.push_back(key);
        read_section(source, entry.second, *sub, deeper, out);
        continue;
      }
      CLI::ConfigItem item;
      item.parents = parents;
      item.name = key;
      item.inputs = values(source, entry.second, key);
      const auto full = item.fullname();
      // Read highest precedence first: the first file to name a key is the one that counts.
      m_origins.emplace(full, text_of(source.location_of(entry.second)));
      out.push_back(std::move(item));
    }
  }

  static std::vector<std::string> values(const profile::YamlSource& source, const YAML::Node& node,
                                         const std::string& key)
  {
    if (node.IsScalar()) {
      return {source.string_at(node, key)};
    }
    if (node.IsSequence()) {
      std::vector<std::string> out;
      for (const auto& item : node) {
        if (!item.IsScalar()) {
          source.fail(item, fmt::format("'{}' takes a list of values, not of {}", key,
                                        profile::describe_type(item)));
        }
        out.push_back(source.string_at(item, key));
      }
      return out;
    }
    source.fail(node, fmt::format("'{}' takes a value or a list of values, not {}", key,
                                  profile::describe_type(node)));
  }

  const CLI::App& m_app;
  const CLI::Option& m_option;
  ConfigOrigins& m_origins;
  mutable std::size_t m_read = 0;
};

} // namespace

std::vector<std::string> default_config_files()
{
  std::vector<std::string> files{sysconfdir() + "/config.yaml"};
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    files.push_back(std::string(xdg) + "/emready/config.yaml");
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    files.push_back(std::string(home) + "/.config/emready/config.yaml");
  }
  return files;
}

std::string site_profiles_directory()
{
  return sysconfdir() + "/profiles.d";
}

void add_config_files(CLI::App& app, ConfigOrigins& origins)
{
  auto* option = app.set_config("--config", "",
                                "Read options from this YAML file too (after /etc/emready/config.yaml and "
                                "$XDG_CONFIG_HOME/emready/config.yaml; repeatable, the last wins; the command "
                                "line wins over every file)");
  option->type_name("FILE")->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  // The default files that exist come first, as if given before the command line's.
  for (const auto& file : default_config_files()) {
    if (std::filesystem::is_regular_file(file)) {
      option->add_result(file);
    }
  }
  app.config_formatter(std::make_shared<YamlConfig>(app, *option, origins));
}

} // namespace emready::cli
