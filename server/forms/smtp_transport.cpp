// libcurl's SMTP client: it speaks EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO and DATA (with dot-stuffing).
#include "server/forms/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace scsa::server {

namespace {

struct upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* source = static_cast<upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = source->data->size() - source->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, source->data->data() + source->offset, n);
  source->offset += n;
  return n;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

void init_mail_library() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

smtp_transport::smtp_transport(smtp_settings settings) : settings_(std::move(settings)) {}

std::optional<std::string> smtp_transport::send(const std::string& from, const std::string& to,
                                                const std::string& message) {
  if (aborted_) return "stopping";
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return "curl_easy_init failed";
  const bool tls_on_connect = settings_.port == 465;
  const std::string url = std::string(tls_on_connect ? "smtps://" : "smtp://") + settings_.host + ":" +
                          std::to_string(settings_.port);
  const std::string mail_from = "<" + from + ">";
  const std::string rcpt = "<" + to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, rcpt.c_str()), curl_slist_free_all);
  upload source{&message};
  char error[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_chunk);
  curl_easy_setopt(h, CURLOPT_READDATA, &source);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &aborted_);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  if (settings_.starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode result = curl_easy_perform(h);
  if (result == CURLE_OK) return std::nullopt;
  return std::string(curl_easy_strerror(result)) +
         (error[0] != '\0' ? std::string(": ") + error : std::string());
}

}  // namespace scsa::server
