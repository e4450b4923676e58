package dev.entratool.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for what start-up reads (profiles.json, the token cache, a token's header
 * and claims), where loading a full JSON library costs more than the whole command. Objects become
 * {@link LinkedHashMap}s, arrays {@link ArrayList}s, numbers {@link BigInteger} or {@link BigDecimal} (kept exactly as
 * written), and JSON null is Java null.
 *
 * <p>It is stricter than the full library on purpose: it refuses duplicate keys, nesting deeper than 64, numbers longer
 * than 100 characters and exponents of more than 9 digits. For a token these are the rules (the README says so).
 * {@link Invalid} says what and where (a char offset), never what the input holds there.
 */
public final class StrictJson {
  private static final int MAX_DEPTH = 64;
  private static final int MAX_NUMBER_CHARS = 100;

  /** The input is not JSON this reader accepts. Carries no part of the input (it may be a secret). */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private static final String DUPLICATE_KEY = "duplicate key";
    private final String reason;
    private final int offset;

    Invalid(String what, int at) {
      super(what + " at offset " + at, null, false, false);
      this.reason = what;
      this.offset = at;
    }

    /** What is wrong, e.g. {@code duplicate key}, without the position. */
    public String reason() {
      return reason;
    }

    /** Where in the text (a char index) the problem was found. */
    public int offset() {
      return offset;
    }

    /** A key stands twice in one object: JSON that other readers accept, so a caller may word it apart. */
    public boolean duplicateKey() {
      return DUPLICATE_KEY.equals(reason);
    }
  }

  // A char array, not String.charAt: until the JIT compiles the loops, every call costs, and profiles.json with a
  // thousand profiles is 300 KB of characters.
  private final char[] text;
  /** The same text as a String: a substring of an ASCII or Latin-1 text is one array copy, no per-char loop. */
  private final String source;
  private final int length;
  private int pos;

  private StrictJson(String text) {
    this.source = text;
    this.text = text.toCharArray();
    this.length = this.text.length;
  }

  /** Parses one JSON value that fills the whole text (whitespace around it allowed). */
  public static Object parse(String text) throws Invalid {
    StrictJson reader = new StrictJson(text);
    reader.skipWhitespace();
    Object value = reader.value(0);
    reader.skipWhitespace();
    if (reader.pos != reader.length) {
      throw new Invalid("trailing characters", reader.pos);
    }
    return value;
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws Invalid {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new Invalid("not an object", 0);
    }
    return (Map<String, Object>) value;
  }

  private Object value(int depth) throws Invalid {
    if (pos >= length) {
      throw new Invalid("unexpected end", pos);
    }
    char c = text[pos];
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new Invalid("unexpected character", pos);
    }
  }

  private Map<String, Object> object(int depth) throws Invalid {
    checkDepth(depth, pos);
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw new Invalid("expected a key", pos);
      }
      int keyStart = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth);
      int size = map.size();
      map.put(key, value);
      if (map.size() == size) {
        throw new Invalid(Invalid.DUPLICATE_KEY, keyStart); // one hash lookup, not two: this runs for every key
      }
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw new Invalid("expected ',' or '}'", pos - 1);
      }
    }
  }

  private List<Object> array(int depth) throws Invalid {
    checkDepth(depth, pos);
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw new Invalid("expected ',' or ']'", pos - 1);
      }
    }
  }

  private String string() throws Invalid {
    pos++; // opening quote
    StringBuilder out = null;
    int start = pos;
    char[] chars = text;
    while (true) {
      int i = pos;
      char c = 0;
      while (i < length && (c = chars[i]) != '"' && c != '\\' && c >= 0x20) {
        i++;
      }
      pos = i;
      if (i >= length) {
        throw new Invalid("unterminated string", start);
      }
      if (c == '"') {
        String plain = source.substring(start, pos);
        pos++;
        return out == null ? plain : out.append(plain).toString();
      }
      if (c < 0x20) {
        throw new Invalid("control character in a string", pos);
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(chars, start, pos - start);
      pos++;
      out.append(escape());
      start = pos;
    }
  }

  private char escape() throws Invalid {
    if (pos >= length) {
      throw new Invalid("unterminated escape", pos);
    }
    char c = text[pos++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 > length) {
          throw new Invalid("short \\u escape", pos);
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(text[pos + i], 16);
          if (digit < 0) {
            throw new Invalid("bad \\u escape", pos);
          }
          code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
      default:
        throw new Invalid("unknown escape", pos - 1);
    }
  }

  private Number number() throws Invalid {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw new Invalid("bad number", start);
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      if (!isDigit(peek())) {
        throw new Invalid("bad fraction", pos);
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw new Invalid("bad exponent", pos);
      }
      int exponentStart = pos;
      digits();
      if (pos - exponentStart > 9) {
        throw new Invalid("exponent too large", exponentStart); // BigDecimal's limit; refused here up front
      }
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      throw new Invalid("number too long", start);
    }
    String literal = new String(text, start, pos - start);
    try {
      return integral ? new BigInteger(literal) : new BigDecimal(literal);
    } catch (NumberFormatException e) {
      throw new Invalid("number out of range", start);
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) throws Invalid {
    if (pos + word.length() > length || !word.equals(new String(text, pos, word.length()))) {
      throw new Invalid("unexpected word", pos);
    }
    pos += word.length();
  }

  private void expect(char c) throws Invalid {
    if (peek() != c) {
      throw new Invalid("expected '" + c + "'", pos);
    }
    pos++;
  }

  /** The next character, or NUL at the end (NUL is never valid there, so it always ends in an error). */
  private char peek() {
    return pos < length ? text[pos] : '\0';
  }

  private void skipWhitespace() {
    char[] chars = text;
    int i = pos;
    while (i < length) {
      char c = chars[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    pos = i;
  }

  private static void checkDepth(int depth, int at) throws Invalid {
    if (depth > MAX_DEPTH) {
      throw new Invalid("nested too deeply", at);
    }
  }
}
