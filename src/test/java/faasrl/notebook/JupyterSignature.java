package faasrl.notebook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 signature a Jupyter client puts on a message, for tests that send real ones (and forged ones). */
final class JupyterSignature {
  private JupyterSignature() {}

  /** The hex signature of {@code parts} (header, parent header, metadata, content) under {@code key}. */
  static String sign(String key, String... parts) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    for (String p : parts) {
      mac.update(p.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }
}
