package io.envbook.util;

import okhttp3.HttpUrl;

/** URLs as they may be shown and saved: without user, password or query (where API keys hide). */
public final class Urls {
  private Urls() {}

  /** {@code https://user:key@host/v1?api_key=x} becomes {@code https://host/v1}; text that is no URL is kept as it is. */
  public static String withoutSecrets(String url) {
    HttpUrl u = url == null ? null : HttpUrl.parse(url);
    if (u == null) {
      return url;
    }
    String clean = u.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    return clean.endsWith("/") && !url.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
  }
}
