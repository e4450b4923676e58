package dev.entratool.kube;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an {@link ExecStanza} into a user of an existing kubeconfig: that user's {@code user:} mapping is replaced,
 * every other line stays as it was (comments and order included), which a YAML library's load-and-dump would not
 * keep. It reads the block style kubectl and az write; a layout it does not recognise is refused, never guessed at.
 * The file is replaced atomically (mode 600, as kubectl writes it) under kubectl's own lock file ({@code FILE.lock}).
 */
public final class Kubeconfig {
  private static final Pattern KEY = Pattern.compile("^( *)(- +)?([A-Za-z][A-Za-z0-9_-]*):(?: +(.*?))?\\s*$");

  private Kubeconfig() {}

  /** Puts {@code stanza} into {@code user} of the kubeconfig {@code file}; exit 2 with a hint when it cannot. */
  public static void writeExec(Path file, String user, ExecStanza stanza) {
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    try {
      Files.createFile(lock);
    } catch (FileAlreadyExistsException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "The kubeconfig " + file + " is being changed by another "
          + "program (" + lock + " exists)", "Try again; if no kubectl is running, delete " + lock, e);
    } catch (NoSuchFileException e) {
      throw missing(file, e);
    } catch (IOException e) {
      throw cannot("lock", file, e);
    }
    try {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw missing(file, e);
      } catch (IOException e) {
        throw cannot("read", file, e);
      }
      String updated = withExec(text, user, stanza, file);
      try {
        SecureFiles.writeAtomically(file, updated.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw cannot("write", file, e);
      }
    } finally {
      try {
        Files.deleteIfExists(lock);
      } catch (IOException e) {
        // the next writer reports it
      }
    }
  }

  /** The kubeconfig {@code text} with {@code user}'s {@code user:} mapping replaced by the stanza's. */
  static String withExec(String text, String user, ExecStanza stanza, Path file) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int users = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("^users:\\s*(#.*)?$")) {
        users = i;
        break;
      }
    }
    List<String> names = new ArrayList<>();
    int end = users < 0 ? users : blockEnd(lines, users, -1);
    int itemIndent = -1;
    for (int i = users + 1; users >= 0 && i < end; i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (!m.matches() || m.group(2) == null) {
        continue;
      }
      int indent = m.group(1).length();
      if (itemIndent < 0) {
        itemIndent = indent;
      }
      if (indent != itemIndent) {
        continue;
      }
      int itemEnd = blockEnd(lines, i, itemIndent);
      String name = nameOf(lines, i, itemEnd, itemIndent + m.group(2).length());
      if (name != null) {
        names.add(name);
      }
      if (user.equals(name)) {
        replaceUser(lines, i, itemEnd, itemIndent + m.group(2).length(), stanza);
        return String.join("\n", lines);
      }
    }
    throw EntraToolException.usage("No user '" + user + "' in the kubeconfig " + file,
        names.isEmpty() ? "Add one with 'kubectl config set-credentials " + user + " --kubeconfig " + file + "'"
            : "Its users: " + String.join(", ", names) + ". Pick one with --user, or add one with 'kubectl config "
                + "set-credentials " + user + " --kubeconfig " + file + "'");
  }

  /**
   * The index after the block that starts at line {@code start}: the lines after it that are blank, comments, or
   * indented more than {@code indent} (for a top-level key, -1: list items at column 0 belong to it too).
   */
  private static int blockEnd(List<String> lines, int start, int indent) {
    int last = start;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int own = line.length() - line.stripLeading().length();
      boolean inside = indent < 0 ? own > 0 || trimmed.startsWith("- ") || trimmed.equals("-") : own > indent;
      if (!inside) {
        break;
      }
      last = i;
    }
    return last + 1;
  }

  /** The {@code name:} of the list item at lines [start, end), its keys at column {@code keyColumn}. */
  private static String nameOf(List<String> lines, int start, int end, int keyColumn) {
    for (int i = start; i < end; i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (m.matches() && column(m) == keyColumn && m.group(3).equals("name") && m.group(4) != null) {
        return unquote(m.group(4));
      }
    }
    return null;
  }

  private static int column(Matcher m) {
    return m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length());
  }

  private static void replaceUser(List<String> lines, int start, int end, int keyColumn, ExecStanza stanza) {
    for (int i = start; i < end; i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (m.matches() && column(m) == keyColumn && m.group(3).equals("user")) {
        int blockEnd = m.group(4) == null || m.group(4).startsWith("#") ? blockEnd(lines, i, keyColumn) : i + 1;
        List<String> replacement = new ArrayList<>(stanza.userLines(keyColumn));
        if (m.group(2) != null) { // "- user:": the list item starts here
          replacement.set(0, m.group(1) + m.group(2) + "user:");
        }
        lines.subList(i, blockEnd).clear();
        lines.addAll(i, replacement);
        return;
      }
    }
    lines.addAll(end, stanza.userLines(keyColumn));
  }

  /** A plain, single- or double-quoted scalar's text, its trailing comment dropped. */
  private static String unquote(String value) {
    if (value.startsWith("\"") && value.lastIndexOf('"') > 0) {
      return value.substring(1, value.lastIndexOf('"')).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (value.startsWith("'") && value.lastIndexOf('\'') > 0) {
      return value.substring(1, value.lastIndexOf('\'')).replace("''", "'");
    }
    int comment = value.indexOf(" #");
    return (comment < 0 ? value : value.substring(0, comment)).trim();
  }

  private static EntraToolException missing(Path file, Exception e) {
    return new EntraToolException(ExitCode.USAGE, "The kubeconfig " + file + " does not exist",
        "Name an existing kubeconfig, or print the stanza without --kubeconfig and paste it under 'users:'", e);
  }

  private static EntraToolException cannot(String what, Path file, IOException e) {
    return new EntraToolException(ExitCode.UNEXPECTED, "Cannot " + what + " the kubeconfig " + file + ": "
        + e.getMessage(), "Check the file's permissions and the disk", e);
  }
}
