package dev.entratool.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SealedBundleTest {
  private static final char[] PASSPHRASE = "correct horse battery".toCharArray();
  private static final byte[] PAYLOAD = "{\"profiles\":[]}".getBytes(StandardCharsets.UTF_8);

  // PBKDF2 at 600,000 iterations is slow on purpose: seal once, derive once, and reuse for every tampered copy.
  private static String armoured;
  private static byte[] bytes;
  private static SealedBundle.Keys keys;

  @BeforeAll
  static void sealOnce() {
    armoured = SealedBundle.seal(PAYLOAD, PASSPHRASE);
    bytes = SealedBundle.unarmour(armoured);
    SealedBundle parsed = SealedBundle.parse(armoured);
    keys = SealedBundle.deriveKeys(PASSPHRASE, parsed.salt(), parsed.iterations());
  }

  @Test
  void sealedTextIsOneArmouredBlockThatOpensWithThePreDerivedKeys() {
    String[] lines = armoured.split("\n");
    assertThat(lines[0]).isEqualTo("-----BEGIN ENTRATOOL PROFILES-----");
    assertThat(lines[lines.length - 1]).isEqualTo("-----END ENTRATOOL PROFILES-----");
    assertThat(Arrays.copyOfRange(lines, 1, lines.length - 1)).allMatch(l -> l.matches("[A-Za-z0-9+/=]{1,64}"));
    assertThat(armoured).endsWith("\n").doesNotContain("profiles");
    assertThat(bytes).hasSize(SealedBundle.HEADER_LEN + PAYLOAD.length + 16);

    SealedBundle parsed = SealedBundle.parseBytes(bytes);
    assertThat(parsed.iterations()).isEqualTo(600_000);
    assertThat(parsed.open(keys)).isEqualTo(PAYLOAD);
  }

  @Test
  void everyFlippedByteIsRejected() {
    for (int pos = 0; pos < bytes.length; pos++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] tampered = bytes.clone();
        tampered[pos] ^= (byte) mask;
        int at = pos;
        assertThatThrownBy(() -> SealedBundle.parseBytes(tampered).open(keys))
            .as("byte %d xor 0x%02x", at, mask)
            .isInstanceOf(EntraToolException.class);
      }
    }
  }

  @Test
  void everyTruncationIsRejectedAsTruncatedOrNotABundle() {
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> SealedBundle.parseBytes(cut).open(keys))
          .as("first %d bytes", len)
          .isInstanceOf(EntraToolException.class)
          .hasMessageMatching(len < 4 ? "This is not an entratool profile bundle.*" : "The bundle is truncated: .*");
    }
  }

  @Test
  void bytesAfterTheEndAreRejected() {
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> SealedBundle.parseBytes(longer))
        .hasMessage("The bundle is damaged: 1 unexpected bytes follow its end");
  }

  @Test
  void aNewerFormatVersionIsNamedAsSuch() {
    byte[] newer = bytes.clone();
    newer[4] = 2;
    assertThatThrownBy(() -> SealedBundle.parseBytes(newer))
        .isInstanceOf(EntraToolException.class)
        .hasMessage("The bundle has format version 2, which this entratool does not know (it reads version 1); "
            + "was it written by a newer entratool?")
        .satisfies(e -> assertThat(((EntraToolException) e).exitCode()).isEqualTo(ExitCode.PROFILE))
        .satisfies(e -> assertThat(((EntraToolException) e).hint())
            .isEqualTo("Upgrade entratool on this machine, then import again"));
  }

  @Test
  void aBundleAskingForFewerThan600000IterationsIsRefused() {
    byte[] weak = SealedBundle.sealBytes(PAYLOAD, PASSPHRASE, 1_000);
    assertThatThrownBy(() -> SealedBundle.parseBytes(weak))
        .hasMessage("The bundle asks for only 1000 PBKDF2 iterations; entratool requires at least 600000 so a "
            + "stolen bundle resists passphrase guessing");
    byte[] justBelow = bytes.clone();
    System.arraycopy(new byte[] {0, 0x09, 0x27, (byte) 0xbf}, 0, justBelow, 6, 4); // 599,999
    assertThatThrownBy(() -> SealedBundle.parseBytes(justBelow)).hasMessageContaining("only 599999 PBKDF2");
  }

  @Test
  void aBundleAskingForHugeWorkIsRefusedBeforeDerivingAnything() {
    byte[] huge = bytes.clone();
    huge[6] = (byte) 0xff; // 0xff0927c0
    assertThatThrownBy(() -> SealedBundle.parseBytes(huge))
        .hasMessage("The bundle asks for 4278790080 PBKDF2 iterations, more than the 10000000 entratool accepts");
  }

  @Test
  void aWrongPassphraseIsToldApartFromTampering() {
    SealedBundle parsed = SealedBundle.parse(armoured);
    assertThatThrownBy(() -> parsed.open("correct horse battery!".toCharArray()))
        .isInstanceOf(EntraToolException.class)
        .hasMessage("Wrong passphrase or damaged bundle: its passphrase check failed")
        .satisfies(e -> assertThat(((EntraToolException) e).exitCode()).isEqualTo(ExitCode.USAGE));

    byte[] tamperedTag = bytes.clone();
    tamperedTag[tamperedTag.length - 1] ^= 1;
    assertThatThrownBy(() -> SealedBundle.parseBytes(tamperedTag).open(keys))
        .hasMessage("The bundle was modified or damaged: its integrity check failed");
  }

  @Test
  void aChangedSaltOrIterationCountCannotBeToldFromAWrongPassphraseAndSaysSo() {
    // both change the key the right passphrase derives, so the passphrase check fails as for a wrong passphrase
    byte[] salt = bytes.clone();
    salt[10 + 7] ^= 0x40;
    byte[] iterations = bytes.clone();
    iterations[9] ^= 0x01; // 600,000 -> 600,001: still in range
    for (byte[] changed : List.of(salt, iterations)) {
      assertThatThrownBy(() -> SealedBundle.parse(SealedBundle.armour(changed)).open(PASSPHRASE.clone()))
          .isInstanceOfSatisfying(EntraToolException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("Wrong passphrase or damaged bundle: its passphrase check failed");
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.hint()).isEqualTo("Type the passphrase chosen at export; if it is right, the bundle was "
                + "damaged on the way (copy it again)");
          });
    }
  }

  @Test
  void exportWritesNoBundleLargerThanImportReads() {
    // the largest payload whose armoured bundle still fits, give or take one base64 group
    int fits = (SealedBundle.MAX_TEXT - 200) / 65 * 48 - SealedBundle.HEADER_LEN - 16;
    String text = SealedBundle.seal(new byte[fits], PASSPHRASE);
    assertThat(text.length()).isLessThanOrEqualTo(SealedBundle.MAX_TEXT).isGreaterThan(SealedBundle.MAX_TEXT - 300);
    assertThat(SealedBundle.parse(text).iterations()).isEqualTo(SealedBundle.MIN_ITERATIONS);

    assertThatThrownBy(() -> SealedBundle.seal(new byte[fits + 300], PASSPHRASE))
        .isInstanceOfSatisfying(EntraToolException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("The bundle would be larger than 8 MiB, more than import reads");
          assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
          assertThat(e.hint()).isEqualTo("Export fewer profiles at a time (-p NAME), into several bundles");
        });
    assertThatThrownBy(() -> SealedBundle.parse(text + "x".repeat(SealedBundle.MAX_TEXT - text.length() + 1)))
        .hasMessage("This is not an entratool profile bundle: it goes on past 8 MiB, and a bundle is never larger");
  }

  @Test
  void armourToleratesSurroundingTextAndCrLfButNotForeignCharacters() {
    String quoted = "Here is the bundle:\r\n" + armoured.replace("\n", "\r\n") + "\r\nthanks\r\n";
    assertThat(SealedBundle.parse(quoted).open(keys)).isEqualTo(PAYLOAD);

    String[] lines = armoured.split("\n");
    lines[1] = "!" + lines[1].substring(1);
    assertThatThrownBy(() -> SealedBundle.parse(String.join("\n", lines)))
        .hasMessage("The bundle is damaged: its text is not valid base64");
    assertThatThrownBy(() -> SealedBundle.parse("hello"))
        .hasMessage("This is not an entratool profile bundle (no '-----BEGIN ENTRATOOL PROFILES-----' line)");
    assertThatThrownBy(() -> SealedBundle.parse(armoured.substring(0, armoured.indexOf("-----END"))))
        .hasMessage("The bundle is truncated: its '-----END ENTRATOOL PROFILES-----' line is missing");
  }

  @Test
  void keysNeverShowInToString() {
    assertThat(keys.toString()).isEqualTo("Keys[hidden]");
  }
}
