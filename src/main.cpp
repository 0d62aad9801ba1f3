#include "emready/cli/run.hpp"

int main(int argc, char** argv)
{
  return emready::cli::run(argc, argv);
}
