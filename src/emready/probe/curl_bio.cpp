#include "emready/probe/curl_bio.hpp"

#include <mutex>

namespace emready::probe {

namespace {

int bio_write(BIO* bio, const char* data, int size)
{
  auto* curl = static_cast<CURL*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  std::size_t sent = 0;
  const auto result = curl_easy_send(curl, data, static_cast<std::size_t>(size), &sent);
  if (result == CURLE_AGAIN) {
    BIO_set_retry_write(bio);
    return -1;
  }
  return result == CURLE_OK ? static_cast<int>(sent) : -1;
}

int bio_read(BIO* bio, char* data, int size)
{
  auto* curl = static_cast<CURL*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  std::size_t got = 0;
  const auto result = curl_easy_recv(curl, data, static_cast<std::size_t>(size), &got);
  if (result == CURLE_AGAIN) {
    BIO_set_retry_read(bio);
    return -1;
  }
  if (result != CURLE_OK) {
    return -1;
  }
  return static_cast<int>(got); // 0: the tunnel closed
}

long bio_ctrl(BIO*, int command, long, void*)
{
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

BIO_METHOD* method()
{
  static BIO_METHOD* made = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "emready curl tunnel");
    BIO_meth_set_write(made, bio_write);
    BIO_meth_set_read(made, bio_read);
    BIO_meth_set_ctrl(made, bio_ctrl);
  });
  return made;
}

} // namespace

BIO* curl_bio_new(CURL* curl)
{
  BIO* bio = BIO_new(method());
  if (bio != nullptr) {
    BIO_set_data(bio, curl);
    BIO_set_init(bio, 1);
  }
  return bio;
}

} // namespace emready::probe
