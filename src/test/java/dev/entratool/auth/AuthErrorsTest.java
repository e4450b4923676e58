package dev.entratool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.MsalServiceException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors MSAL reports, as Entra words them, become one line, a hint and exit 4. */
class AuthErrorsTest {
  static final Authority AUTHORITY = new Authority(URI.create("https://login.microsoftonline.com"), "contoso.com");

  private static EntraToolException map(String code, String description) {
    return AuthErrors.map(new MsalServiceException(description, code), AUTHORITY, "p1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "invalid_client|AADSTS7000215: Invalid client secret provided. Ensure the secret... Trace ID: 1|"
        + "AADSTS7000215: Invalid client secret provided.|entratool config edit -p p1 (choose: Client Secret)",
    "invalid_client|AADSTS7000222: The provided client secret keys for app 'a' are expired. Visit...|"
        + "AADSTS7000222: The provided client secret keys for app 'a' are expired.|create a new one",
    "unauthorized_client|AADSTS700016: Application with identifier 'a' was not found in the directory 'b'. This...|"
        + "AADSTS700016: Application with identifier 'a' was not found in the directory 'b'.|entratool config show -p p1",
    "invalid_request|AADSTS90002: Tenant 'x' not found. Check to make sure...|AADSTS90002: Tenant 'x' not found.|"
        + "tenant and cloud",
    "invalid_scope|AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope...|"
        + "AADSTS70011: The provided value for the input parameter 'scope' is not valid.|grant admin consent",
    "invalid_client|AADSTS700027: Client assertion failed signature validation. Trace ID: 1 Correlation ID: 2|"
        + "AADSTS700027: Client assertion failed signature validation.|Upload the certificate's public part (.cer)",
    "invalid_scope|AADSTS1002012: The provided value for scope User.Read is not valid. Client credential flows...|"
        + "AADSTS1002012: The provided value for scope User.Read is not valid.|<resource>/.default",
    "invalid_grant|AADSTS700082: The refresh token has expired due to inactivity. The token was issued on...|"
        + "AADSTS700082: The refresh token has expired due to inactivity.|sign in again"
  })
  void mappedCodes(String error, String description, String message, String hintPart) {
    EntraToolException e = map(error, description);
    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED);
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.hint()).contains(hintPart);
  }

  @Test
  void withoutAnAadstsCodeTheErrorCodeIsShown() {
    EntraToolException e = map("access_denied", "The user denied the request");
    assertThat(e.getMessage()).isEqualTo("The authority rejected the request: access_denied (The user denied the "
        + "request)");
  }

  @Test
  void firstSentenceStopsAtTraceIdOrLineBreak() {
    assertThat(AuthErrors.firstSentence("AADSTS1: One.\r\nTrace ID: x")).isEqualTo("AADSTS1: One.");
    assertThat(AuthErrors.firstSentence("No period Trace ID: x")).isEqualTo("No period");
  }
}
