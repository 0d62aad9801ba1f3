#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace emready::report {

// How one endpoint (host:port) changed between two check documents.
struct EndpointChange
{
  enum class Kind
  {
    newly_failing, // ok before, failing now: a regression
    fixed,         // failing before, ok now
    changed,       // failing both times, with another verdict
    added,         // only in the new run (a profile change)
    removed,       // only in the old run
  };
  Kind kind = Kind::changed;
  std::string endpoint;                 // "host:port"
  std::string old_verdict, new_verdict; // "" where absent
  std::vector<std::string> old_evidence, new_evidence;
};

// How one agent's readiness changed.
struct AgentChange
{
  std::string agent;
  bool was_ready = false;
  bool is_ready = false;
};

// Everything `emready diff` found.
struct Diff
{
  std::string old_started_at, new_started_at;
  std::vector<EndpointChange> endpoints;
  std::vector<AgentChange> agents; // only those whose readiness changed
  std::size_t unchanged = 0;

  // True when something got worse: an endpoint newly failing or an agent no longer ready.
  bool regressed() const;
};

// "newly-failing", "fixed", "changed", "added", "removed".
const char* to_string(EndpointChange::Kind kind);

// Compares two `check --format json` documents. Throws core::InputError naming `old_name` or
// `new_name` and the JSON pointer for a document that is not a check document, or when their
// schema_version majors differ.
Diff diff_checks(const nlohmann::json& old_doc, const std::string& old_name,
                 const nlohmann::json& new_doc, const std::string& new_name);

// The diff for a person, as JSON (document "diff", see schemas/diff.schema.json; `head` is
// the document header), and as markdown.
void print_diff(const Diff& diff, std::ostream& out);
nlohmann::json diff_json(const Diff& diff, const nlohmann::json& head);
void write_diff_markdown(const Diff& diff, std::ostream& out);

} // namespace emready::report
