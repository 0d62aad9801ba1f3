#include "emready/report/security_facts.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace emready::report {

const SecurityFacts& security_facts()
{
  static const SecurityFacts facts = [] {
    for (const auto& file : report_data_files()) {
      if (file.name != "em-security-facts.json") {
        continue;
      }
      const auto json = nlohmann::json::parse(file.text);
      SecurityFacts out{json.at("title").get<std::string>(), json.at("disclaimer").get<std::string>(),
                        json.at("source").get<std::string>(), {}};
      for (const auto& statement : json.at("statements")) {
        out.statements.push_back({statement.at("topic").get<std::string>(), statement.at("text").get<std::string>()});
      }
      return out;
    }
    throw std::logic_error("data/em-security-facts.json was not compiled in");
  }();
  return facts;
}

} // namespace emready::report
