package dev.entratool.transfer;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A passphrase-encrypted bundle as bytes and as armoured text. Layout of version 1 (integers big-endian):
 *
 * <pre>
 *   0  4  magic "ETPB"
 *   4  1  format version (1)
 *   5  1  key derivation: 1 = PBKDF2-HMAC-SHA256
 *   6  4  PBKDF2 iterations (at least 600,000)
 *  10 16  salt
 *  26 12  AES-GCM nonce
 *  38 16  passphrase check: HMAC-SHA256(master key, "check"), first 16 bytes
 *  54  4  length of what follows
 *  58  n  AES-256-GCM ciphertext and 16-byte tag; the 58 header bytes are its additional authenticated data
 * </pre>
 *
 * The master key comes from PBKDF2; the AES key and the passphrase check are separate HMAC-SHA256 values of it, so the
 * check tells a wrong passphrase from a modified bundle without weakening the cipher key.
 */
public final class SealedBundle {
  public static final int VERSION = 1;
  public static final int MIN_ITERATIONS = 600_000;
  /** A bound on the work a bundle can ask for, so a damaged header cannot stall an import for minutes. */
  static final int MAX_ITERATIONS = 10_000_000;
  /**
   * The most text a bundle may take, as export writes it; import reads no more than this from any input (a bundle
   * asked to be read from an endless or huge source ends there, not in an out-of-memory error). Far more than
   * thousands of profiles with secrets take.
   */
  public static final int MAX_TEXT = 8 * 1024 * 1024;
  static final String BEGIN = "-----BEGIN ENTRATOOL PROFILES-----";
  static final String END = "-----END ENTRATOOL PROFILES-----";

  private static final byte[] MAGIC = {'E', 'T', 'P', 'B'};
  private static final int KDF_PBKDF2_SHA256 = 1;
  private static final int SALT_LEN = 16;
  private static final int NONCE_LEN = 12;
  private static final int CHECK_LEN = 16;
  private static final int TAG_LEN = 16;
  static final int HEADER_LEN = 4 + 1 + 1 + 4 + SALT_LEN + NONCE_LEN + CHECK_LEN + 4;
  private static final int LINE_WIDTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] header;
  private final int iterations;
  private final byte[] salt;
  private final byte[] nonce;
  private final byte[] check;
  private final byte[] ciphertext;

  private SealedBundle(byte[] header, int iterations, byte[] salt, byte[] nonce, byte[] check, byte[] ciphertext) {
    this.header = header;
    this.iterations = iterations;
    this.salt = salt;
    this.nonce = nonce;
    this.check = check;
    this.ciphertext = ciphertext;
  }

  /** The two keys derived from a passphrase and salt; derive once per run, it is deliberately slow. */
  static final class Keys {
    private final SecretKeySpec cipherKey;
    private final byte[] check;

    private Keys(SecretKeySpec cipherKey, byte[] check) {
      this.cipherKey = cipherKey;
      this.check = check;
    }

    @Override
    public String toString() {
      return "Keys[hidden]";
    }
  }

  // ---- sealing ----

  /** Encrypts {@code payload} under {@code passphrase} and returns the armoured text (ending in a newline). */
  public static String seal(byte[] payload, char[] passphrase) {
    long sealed = (long) HEADER_LEN + payload.length + TAG_LEN;
    long base64 = (sealed + 2) / 3 * 4;
    if (BEGIN.length() + END.length() + 2 + base64 + (base64 + LINE_WIDTH - 1) / LINE_WIDTH > MAX_TEXT) {
      throw EntraToolException.usage("The bundle would be larger than " + MAX_TEXT / (1024 * 1024) + " MiB, more "
          + "than import reads", "Export fewer profiles at a time (-p NAME), into several bundles");
    }
    return armour(sealBytes(payload, passphrase, MIN_ITERATIONS));
  }

  static byte[] sealBytes(byte[] payload, char[] passphrase, int iterations) {
    byte[] salt = random(SALT_LEN);
    byte[] nonce = random(NONCE_LEN);
    Keys keys = deriveKeys(passphrase, salt, iterations);
    ByteBuffer header = ByteBuffer.allocate(HEADER_LEN);
    header.put(MAGIC).put((byte) VERSION).put((byte) KDF_PBKDF2_SHA256).putInt(iterations).put(salt).put(nonce)
        .put(keys.check).putInt(payload.length + TAG_LEN);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.cipherKey, new GCMParameterSpec(TAG_LEN * 8, nonce));
      c.updateAAD(header.array());
      byte[] ct = c.doFinal(payload);
      return ByteBuffer.allocate(HEADER_LEN + ct.length).put(header.array()).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
    }
  }

  static String armour(byte[] bytes) {
    String b64 = Base64.getEncoder().encodeToString(bytes);
    StringBuilder sb = new StringBuilder(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += LINE_WIDTH) {
      sb.append(b64, i, Math.min(b64.length(), i + LINE_WIDTH)).append('\n');
    }
    return sb.append(END).append('\n').toString();
  }

  // ---- opening ----

  /**
   * Reads armoured text and checks everything that needs no passphrase: armour, format, version, key derivation
   * parameters and length. Text before the BEGIN line and after the END line is ignored (mail quoting, notes).
   */
  public static SealedBundle parse(String armoured) {
    if (armoured.length() > MAX_TEXT) {
      throw tooLarge();
    }
    return parseBytes(unarmour(armoured));
  }

  /** The error for input longer than {@link #MAX_TEXT}, seen by whoever reads it. */
  public static EntraToolException tooLarge() {
    return damaged("This is not an entratool profile bundle: it goes on past " + MAX_TEXT / (1024 * 1024)
        + " MiB, and a bundle is never larger", "Give the file written by 'entratool config export'");
  }

  static byte[] unarmour(String text) {
    int begin = text.indexOf(BEGIN);
    if (begin < 0) {
      throw damaged("This is not an entratool profile bundle (no '" + BEGIN + "' line)",
          "Give the file written by 'entratool config export'");
    }
    int end = text.indexOf(END, begin);
    if (end < 0) {
      throw truncated("its '" + END + "' line is missing");
    }
    StringBuilder b64 = new StringBuilder();
    for (String line : text.substring(begin + BEGIN.length(), end).split("\r?\n")) {
      b64.append(line.strip());
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw damaged("The bundle is damaged: its text is not valid base64", copyHint());
    }
  }

  static SealedBundle parseBytes(byte[] in) {
    if (in.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(in, MAGIC.length), MAGIC)) {
      throw damaged("This is not an entratool profile bundle (its content does not start with the bundle marker)",
          copyHint());
    }
    if (in.length <= MAGIC.length) {
      throw truncated("it ends before its version");
    }
    int version = in[MAGIC.length] & 0xff;
    if (version > VERSION) {
      throw new EntraToolException(ExitCode.PROFILE, "The bundle has format version " + version
          + ", which this entratool does not know (it reads version " + VERSION + "); was it written by a newer "
          + "entratool?", "Upgrade entratool on this machine, then import again");
    }
    if (version != VERSION) {
      throw damaged("The bundle is damaged: format version " + version + " does not exist", copyHint());
    }
    if (in.length < HEADER_LEN) {
      throw truncated("it ends inside its header (" + in.length + " of " + HEADER_LEN + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(in, MAGIC.length + 1, HEADER_LEN - MAGIC.length - 1);
    int kdf = buf.get() & 0xff;
    if (kdf != KDF_PBKDF2_SHA256) {
      throw damaged("The bundle is damaged: it names key derivation " + kdf + ", which does not exist", copyHint());
    }
    long iterations = buf.getInt() & 0xffffffffL;
    if (iterations < MIN_ITERATIONS) {
      throw damaged("The bundle asks for only " + iterations + " PBKDF2 iterations; entratool requires at least "
          + MIN_ITERATIONS + " so a stolen bundle resists passphrase guessing", copyHint());
    }
    if (iterations > MAX_ITERATIONS) {
      throw damaged("The bundle asks for " + iterations + " PBKDF2 iterations, more than the " + MAX_ITERATIONS
          + " entratool accepts", copyHint());
    }
    byte[] salt = take(buf, SALT_LEN);
    byte[] nonce = take(buf, NONCE_LEN);
    byte[] check = take(buf, CHECK_LEN);
    long declared = buf.getInt() & 0xffffffffL;
    long actual = in.length - HEADER_LEN;
    if (declared < TAG_LEN) {
      throw damaged("The bundle is damaged: its length field is invalid", copyHint());
    }
    if (actual < declared) {
      throw truncated("it holds " + actual + " of its " + declared + " encrypted bytes");
    }
    if (actual > declared) {
      throw damaged("The bundle is damaged: " + (actual - declared) + " unexpected bytes follow its end",
          copyHint());
    }
    return new SealedBundle(Arrays.copyOf(in, HEADER_LEN), (int) iterations, salt, nonce, check,
        Arrays.copyOfRange(in, HEADER_LEN, in.length));
  }

  /** Derives the keys from {@code passphrase} (slow: PBKDF2) and decrypts the payload. */
  public byte[] open(char[] passphrase) {
    return open(deriveKeys(passphrase, salt, iterations));
  }

  /**
   * Decrypts with keys derived beforehand. Package-private so tests can check every byte of a bundle against the
   * header parsing and the cipher without paying for PBKDF2 each time.
   */
  byte[] open(Keys keys) {
    if (!MessageDigest.isEqual(keys.check, check)) {
      // The check is derived from the passphrase AND the header's salt and iteration count: a changed byte there
      // fails it exactly as a wrong passphrase does, and nothing can tell the two apart.
      throw new EntraToolException(ExitCode.USAGE, "Wrong passphrase or damaged bundle: its passphrase check failed",
          "Type the passphrase chosen at export; if it is right, the bundle was damaged on the way (copy it again)");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, keys.cipherKey, new GCMParameterSpec(TAG_LEN * 8, nonce));
      c.updateAAD(header);
      return c.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw damaged("The bundle was modified or damaged: its integrity check failed", copyHint());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
    }
  }

  byte[] salt() {
    return salt.clone();
  }

  int iterations() {
    return iterations;
  }

  static Keys deriveKeys(char[] passphrase, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
    byte[] master = null;
    try {
      master = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      byte[] cipherKey = mac.doFinal(label("cipher-key"));
      byte[] check = Arrays.copyOf(mac.doFinal(label("passphrase-check")), CHECK_LEN);
      SecretKeySpec key = new SecretKeySpec(cipherKey, "AES");
      Arrays.fill(cipherKey, (byte) 0);
      return new Keys(key, check);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2-HMAC-SHA256 is not available in this Java runtime", e);
    } finally {
      spec.clearPassword();
      if (master != null) {
        Arrays.fill(master, (byte) 0);
      }
    }
  }

  private static byte[] label(String purpose) {
    return ("entratool-bundle-v" + VERSION + " " + purpose).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] take(ByteBuffer buf, int n) {
    byte[] out = new byte[n];
    buf.get(out);
    return out;
  }

  private static byte[] random(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  private static EntraToolException truncated(String why) {
    return damaged("The bundle is truncated: " + why, copyHint());
  }

  private static EntraToolException damaged(String message, String hint) {
    return new EntraToolException(ExitCode.PROFILE, message, hint);
  }

  private static String copyHint() {
    return "Copy the whole bundle again, from its BEGIN line to its END line, and import that";
  }
}
