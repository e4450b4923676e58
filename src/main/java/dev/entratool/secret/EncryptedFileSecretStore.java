package dev.entratool.secret;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.json.StrictJson;
import dev.entratool.platform.SecureFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fallback for machines without an OS keyring (servers, containers): one JSON file whose entries are each sealed
 * with AES-256-GCM, bound to their account name. The key is derived from {@code ENTRATOOL_VAULT_PASSPHRASE}
 * (PBKDF2-HMAC-SHA256) or, without one, is a random 256-bit key file (0600) beside the vault.
 */
public final class EncryptedFileSecretStore implements SecretStore {
  static final int PBKDF2_ITERATIONS = 600_000;
  private static final int VERSION = 1;
  private static final String CHECK = "entratool-vault-check";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path vault;
  private final Path keyFile;
  private final Optional<String> passphrase;
  private final Consumer<String> notice;
  private SecretKeySpec key; // derived once per run: PBKDF2 is deliberately slow

  public EncryptedFileSecretStore(Path vault, Path keyFile, Optional<String> passphrase, Consumer<String> notice) {
    this.vault = vault;
    this.keyFile = keyFile;
    this.passphrase = passphrase;
    this.notice = notice;
  }

  @Override
  public Optional<String> read(String profile, SecretKind kind) {
    Map<String, Object> doc = load();
    if (doc == null) {
      return Optional.empty();
    }
    String account = kind.account(profile);
    Object sealed = entries(doc).get(account);
    if (sealed == null) {
      return Optional.empty();
    }
    SecretKeySpec k = keyFor(doc);
    verifyKey(doc, k);
    try {
      if (!(sealed instanceof String text)) {
        throw new IllegalArgumentException("not a string");
      }
      return Optional.of(new String(open(k, account, text), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw damaged("the entry for " + account + " does not decrypt (the file was modified)", e);
    }
  }

  @Override
  public void write(String profile, SecretKind kind, String secret) {
    mutate(doc -> {
      SecretKeySpec k = keyFor(doc);
      entries(doc).put(kind.account(profile),
          seal(k, kind.account(profile), secret.getBytes(StandardCharsets.UTF_8)));
      return true;
    });
  }

  @Override
  public void delete(String profile, SecretKind kind) {
    if (!Files.exists(vault)) {
      return;
    }
    mutate(doc -> entries(doc).remove(kind.account(profile)) != null);
  }

  @Override
  public String backendName() {
    return "encrypted file " + vault + (passphrase.isPresent() || usesPassphrase()
        ? " (key from ENTRATOOL_VAULT_PASSPHRASE)" : " (key in " + keyFile + ")");
  }

  @Override
  public String protection() {
    return passphrase.isPresent() || usesPassphrase()
        ? "protects against other users and copies of the file without the passphrase, not against your own "
            + "account reading the environment"
        : "protects against other users (files are 0600) and a copied vault without its key file, not against "
            + "anyone who can read your home folder";
  }

  private boolean usesPassphrase() {
    try {
      Map<String, Object> doc = load();
      return doc != null && "passphrase".equals(doc.get("keySource"));
    } catch (EntraToolException e) {
      return false;
    }
  }

  private interface Mutation {
    /** Changes {@code doc}; false when there was nothing to change (then nothing is written). */
    boolean apply(Map<String, Object> doc);
  }

  private void mutate(Mutation m) {
    try {
      SecureFiles.ensurePrivateDir(vault.getParent());
      SecureFiles.withLock(vault.resolveSibling(vault.getFileName() + ".lock"), () -> {
        Map<String, Object> doc = load();
        boolean created = doc == null;
        if (created) {
          doc = newVault();
        }
        verifyKey(doc, keyFor(doc));
        if (!m.apply(doc) && !created) {
          return null;
        }
        // Copies of the vault a writer killed mid-write left behind; under this lock none is in flight.
        SecureFiles.deleteStaleTemps(vault);
        SecureFiles.deleteStaleTemps(keyFile);
        SecureFiles.writeAtomically(vault, (PrettyJson.write(doc) + "\n").getBytes(StandardCharsets.UTF_8));
        if (created) {
          notice.accept("Secrets are stored in " + backendName() + ": " + protection() + ".");
        }
        return null;
      });
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot write " + vault + ": " + e.getMessage(),
          "Check that " + vault.getParent() + " is writable", e);
    }
  }

  private Map<String, Object> newVault() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", (long) VERSION);
    if (passphrase.isPresent()) {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      doc.put("keySource", "passphrase");
      Map<String, Object> kdf = new LinkedHashMap<>();
      kdf.put("algorithm", "PBKDF2WithHmacSHA256");
      kdf.put("iterations", (long) PBKDF2_ITERATIONS);
      kdf.put("salt", Base64.getEncoder().encodeToString(salt));
      doc.put("kdf", kdf);
    } else {
      doc.put("keySource", "keyfile");
    }
    doc.put("entries", new LinkedHashMap<String, Object>());
    doc.put("check", seal(keyFor(doc), CHECK, CHECK.getBytes(StandardCharsets.UTF_8)));
    return doc;
  }

  /** The vault's entries (account to sealed secret); {@link #load} checked it is an object. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> entries(Map<String, Object> doc) {
    return (Map<String, Object>) doc.get("entries");
  }

  /** A number of the vault as an int, or -1 when it is none. */
  private static int number(Object value) {
    return value instanceof BigInteger n && n.bitLength() < 32 ? n.intValue() : -1;
  }

  private Map<String, Object> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(vault);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot read " + vault + ": " + e.getMessage(), null, e);
    }
    Map<String, Object> doc;
    try {
      doc = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (StrictJson.Invalid e) {
      throw damaged("it is not valid JSON (" + e.getMessage() + ")", null);
    }
    if (!(doc.get("entries") instanceof Map) || !(doc.get("check") instanceof String)) {
      throw damaged("it is not an entratool vault", null);
    }
    if (number(doc.get("version")) != VERSION) {
      throw damaged("it has version " + doc.get("version") + ", this entratool reads version " + VERSION, null);
    }
    return doc;
  }

  private SecretKeySpec keyFor(Map<String, Object> doc) {
    if (key != null) {
      return key;
    }
    if ("passphrase".equals(doc.get("keySource"))) {
      String pass = passphrase.orElseThrow(() -> new EntraToolException(ExitCode.UNEXPECTED,
          vault + " is locked with a passphrase, but ENTRATOOL_VAULT_PASSPHRASE is not set",
          "Set ENTRATOOL_VAULT_PASSPHRASE to the passphrase the vault was created with"));
      Map<?, ?> kdf = doc.get("kdf") instanceof Map<?, ?> m ? m : Map.of();
      try {
        byte[] salt = Base64.getDecoder().decode(kdf.get("salt") instanceof String text ? text : "");
        int iterations = Math.max(number(kdf.get("iterations")), PBKDF2_ITERATIONS);
        PBEKeySpec spec = new PBEKeySpec(pass.toCharArray(), salt, iterations, 256);
        byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        spec.clearPassword();
        key = new SecretKeySpec(raw, "AES");
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw damaged("its key derivation parameters are invalid", e);
      }
    } else {
      key = new SecretKeySpec(keyFileBytes(), "AES");
    }
    return key;
  }

  private byte[] keyFileBytes() {
    try {
      if (Files.exists(keyFile)) {
        byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        if (raw.length != 32) {
          throw damaged("its key file " + keyFile + " does not hold a 256-bit key", null);
        }
        return raw;
      }
      if (Files.exists(vault)) {
        throw damaged("its key file " + keyFile + " is missing, so its secrets cannot be decrypted", null);
      }
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      SecureFiles.ensurePrivateDir(keyFile.getParent());
      SecureFiles.writeAtomically(keyFile,
          (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII));
      return raw;
    } catch (IOException | IllegalArgumentException e) {
      throw damaged("its key file " + keyFile + " cannot be read", e);
    }
  }

  private void verifyKey(Map<String, Object> doc, SecretKeySpec k) {
    try {
      open(k, CHECK, (String) doc.get("check"));
    } catch (AEADBadTagException e) {
      key = null;
      throw new EntraToolException(ExitCode.UNEXPECTED,
          "Cannot decrypt " + vault + ": wrong key or passphrase, or the file was modified",
          "Check ENTRATOOL_VAULT_PASSPHRASE (or the key file " + keyFile + "); if the vault is lost, delete it "
              + "and set the secrets again with 'entratool config edit'", e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw damaged("its key check is unreadable", e);
    }
  }

  private static String seal(SecretKeySpec k, String account, byte[] plain) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(account));
      byte[] ct = c.doFinal(plain);
      byte[] out = new byte[nonce.length + ct.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(ct, 0, out, nonce.length, ct.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static byte[] open(SecretKeySpec k, String account, String sealed) throws GeneralSecurityException {
    byte[] in = Base64.getDecoder().decode(sealed);
    if (in.length < 12 + 16) {
      throw new AEADBadTagException("too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, in, 0, 12));
    c.updateAAD(aad(account));
    return c.doFinal(in, 12, in.length - 12);
  }

  private static byte[] aad(String account) {
    return ("entratool-vault-v" + VERSION + "|" + account).getBytes(StandardCharsets.UTF_8);
  }

  private EntraToolException damaged(String why, Throwable cause) {
    return new EntraToolException(ExitCode.UNEXPECTED, "The secret vault " + vault + " is unusable: " + why,
        "Restore it from a backup, or delete it and set the secrets again with 'entratool config edit'", cause);
  }

  /** Account names in the vault (for tests and diagnostics); never secrets. */
  Map<String, String> sealedEntries() {
    Map<String, Object> doc = load();
    Map<String, String> out = new TreeMap<>();
    if (doc != null) {
      entries(doc).forEach((account, sealed) -> out.put(account, String.valueOf(sealed)));
    }
    return out;
  }
}
