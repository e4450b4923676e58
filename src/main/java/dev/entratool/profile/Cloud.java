package dev.entratool.profile;

import java.net.URI;

/** National clouds and their sign-in hosts. Lives beside Profile because a profile names its cloud. */
public enum Cloud {
  AzurePublic("https://login.microsoftonline.com"),
  AzureUSGovernment("https://login.microsoftonline.us"),
  AzureChina("https://login.chinacloudapi.cn");

  private final URI authorityHost;

  Cloud(String authorityHost) {
    this.authorityHost = URI.create(authorityHost);
  }

  public URI authorityHost() {
    return authorityHost;
  }

  public static Cloud parse(String text) {
    return Names.parse(Cloud.class, text, "cloud");
  }

  public static String choices() {
    return Names.list(Cloud.class);
  }
}
