package io.envbook.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over the four JSON frames of a message, as lowercase hex. An empty key turns signing
 * off (signature ""), as the protocol says. Signatures are compared in constant time.
 */
public final class Signer {
  private final SecretKeySpec key;

  public Signer(String scheme, String key) {
    if (key == null || key.isEmpty()) {
      this.key = null;
      return;
    }
    if (!"hmac-sha256".equals(scheme)) {
      throw new IllegalArgumentException("unsupported signature scheme `" + scheme + "`: only hmac-sha256 is supported");
    }
    this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String sign(List<byte[]> parts) {
    if (key == null) {
      return "";
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      parts.forEach(mac::update);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  public boolean verify(String signature, List<byte[]> parts) {
    if (key == null) {
      return true;
    }
    return MessageDigest.isEqual(sign(parts).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
  }
}
