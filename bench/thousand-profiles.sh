#!/usr/bin/env bash
# Writes TO/profiles.json: FROM/profiles.json's profiles behind 999 others (filler-0001 ...; about 350 KB), in the
# layout entratool writes the file in. For the benchmarks' 1,000-profile rows (bench/run.sh, bench/ab.sh).
# Usage: bench/thousand-profiles.sh FROM_HOME TO_HOME
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,4p' "$0" >&2; exit 2; }
mkdir -p "$2"
awk '{ print }
     /^  "profiles": \[$/ {
       for (i = 1; i <= 999; i++)
         printf "    {\n      \"name\": \"filler-%04d\",\n      \"tenantId\": \"contoso.onmicrosoft.com\",\n" \
           "      \"clientId\": \"00000000-0000-4000-8000-%012d\",\n      \"scopes\": [\n" \
           "        \"https://graph.microsoft.com/.default\"\n      ],\n      \"authMethod\": \"ClientSecret\",\n" \
           "      \"useCertificate\": false,\n      \"defaultFlow\": \"ClientCredentials\",\n" \
           "      \"cloud\": \"AzurePublic\"\n    },\n", i, i
     }' "$1/profiles.json" > "$2/profiles.json.new"
# a layout this script does not know would leave the file as it was: the rows would measure one profile
[ "$(grep -c '"name": "filler-' "$2/profiles.json.new")" -eq 999 ] \
  || { echo "thousand-profiles: $1/profiles.json is not in the layout entratool writes" >&2; exit 2; }
mv "$2/profiles.json.new" "$2/profiles.json"
