#!/usr/bin/env bash
# Writes TO/profiles.json: FROM/profiles.json's profiles behind 999 others (filler-0001 ...; about 300 KB), as
# entratool writes the file. For the benchmarks' 1,000-profile rows (bench/run.sh, bench/ab.sh).
# Usage: bench/thousand-profiles.sh FROM_HOME TO_HOME
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,4p' "$0" >&2; exit 2; }
mkdir -p "$2"
awk 'BEGIN { for (i = 1; i <= 999; i++) fill = fill sprintf("{ \"name\" : \"filler-%04d\", \"tenantId\" : \"contoso.onmicrosoft.com\", \"clientId\" : \"00000000-0000-4000-8000-%012d\", \"scopes\" : [ \"https://graph.microsoft.com/.default\" ], \"authMethod\" : \"ClientSecret\", \"useCertificate\" : false, \"defaultFlow\" : \"ClientCredentials\", \"cloud\" : \"AzurePublic\" }, ", i, i) }
     /"profiles" : \[ \{/ { sub(/\[ \{/, "[ " fill "{") } { print }' "$1/profiles.json" > "$2/profiles.json.new"
mv "$2/profiles.json.new" "$2/profiles.json"
