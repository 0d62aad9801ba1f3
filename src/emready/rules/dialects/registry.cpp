#include "emready/rules/dialects/dialects.hpp"

namespace emready::rules::dialects {

std::vector<std::unique_ptr<Dialect>> make_all()
{
  std::vector<std::unique_ptr<Dialect>> all;
  all.push_back(make_plain());
  all.push_back(make_exact());
  all.push_back(make_squid());
  all.push_back(make_aws_nfw());
  all.push_back(make_zscaler());
  all.push_back(make_checkpoint());
  all.push_back(make_umbrella());
  all.push_back(make_panos_url());
  all.push_back(make_panos_decrypt());
  all.push_back(make_azure_app());
  all.push_back(make_fortigate());
  all.push_back(make_pac());
  return all;
}

} // namespace emready::rules::dialects
