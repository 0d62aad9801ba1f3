#include "emready/cli/run.hpp"

#include <csignal>

int main(int argc, char** argv)
{
  // A peer that closes while a handshake writes (OpenSSL's socket BIO uses write(2)), or a
  // reader that stops reading our report, must end in an error we report, not in death.
  std::signal(SIGPIPE, SIG_IGN);
  return emready::cli::run(argc, argv);
}
