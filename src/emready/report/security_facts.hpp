#pragma once

#include "emready/core/embedded_file.hpp"

#include <string>
#include <vector>

namespace emready::report {

// Canon's statements about what eM sends and stores, from its security brochure: data
// (data/em-security-facts.json, compiled in), shown in the reports' appendix as the
// brochure's words, never as something emready checked.
struct SecurityFacts
{
  std::string title;
  std::string disclaimer;
  std::string source;
  struct Statement
  {
    std::string topic;
    std::string text;
  };
  std::vector<Statement> statements;
};

// The files of data/ as they were at build time (cmake/embed_files.cmake).
const std::vector<core::EmbeddedFile>& report_data_files();

// The statements, read once from the compiled-in file.
const SecurityFacts& security_facts();

} // namespace emready::report
