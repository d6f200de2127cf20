#!/usr/bin/env bash
# Writes a concrete Alertmanager configuration for one place (production, the no-Docker demo, the tests) from
# the shipped alertmanager.yml and templates/, without touching them.
#
#   render-config.sh OUT_DIR      writes OUT_DIR/alertmanager.yml and OUT_DIR/templates/*.tmpl
#
# Every variable is optional; unset ones keep the shipped value. Values are written, never secrets: the
# *_FILE variables name files that Alertmanager reads at send time.
#
#   SECRETS_DIR                 directory of the three secret files      /etc/alertmanager/secrets
#   SLACK_API_URL_FILE          file holding the Slack webhook URL        $SECRETS_DIR/slack_api_url
#   PAGERDUTY_ROUTING_KEY_FILE  file holding the PagerDuty routing key    $SECRETS_DIR/pagerduty_routing_key
#   SMTP_AUTH_PASSWORD_FILE     file holding the SMTP password            $SECRETS_DIR/smtp_auth_password
#   PAGERDUTY_URL               Events API v2 endpoint                    https://events.pagerduty.com/v2/enqueue
#   SMTP_SMARTHOST              host:port of the mail relay               smtp.example.com:587
#   SMTP_FROM                   sender address
#   SMTP_AUTH_USERNAME          SMTP login (empty: no AUTH)
#   SMTP_REQUIRE_TLS            true/false (STARTTLS)                     true
#   EMAIL_TO                    recipients of P1/P2 email
#   HEARTBEAT_URL               dead man's switch ping URL (Watchdog)
#   HEARTBEAT_URL_FILE          ...or a file holding it (read now: the rendered config then holds the URL)
#   GRAFANA_URL                 Grafana base URL for dashboard links      http://localhost:3000
#   DOCS_URL                    base URL of the repository's docs; runbook links are DOCS_URL/docs/runbooks/<Alert>.md
#                                                                         https://github.com/kpi-monitoring/kpi-monitoring/blob/main
#   ROUTE_TIMER_DIVISOR         divide every group_wait, group_interval and repeat_interval by this whole
#                               number (tests and the replayed demo run the shipped timings faster)   1
#
# The lines of alertmanager.yml that may change end in `# render: NAME`; a NAME without such a line is an error,
# so this script and the config cannot drift apart silently.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: render-config.sh OUT_DIR}

die() {
  echo "render-config: $*" >&2
  exit 1
}

# Uses the file's own marker list, so the variables below are exactly the shipped markers.
mapfile -t names < <(sed -nE 's/.*# render: ([A-Z_]+)[[:space:]]*$/\1/p' "$here/alertmanager.yml")

if [ -n "${SECRETS_DIR:-}" ]; then
  : "${SLACK_API_URL_FILE:=$SECRETS_DIR/slack_api_url}"
  : "${PAGERDUTY_ROUTING_KEY_FILE:=$SECRETS_DIR/pagerduty_routing_key}"
  : "${SMTP_AUTH_PASSWORD_FILE:=$SECRETS_DIR/smtp_auth_password}"
fi
if [ -n "${HEARTBEAT_URL_FILE:-}" ]; then
  [ -z "${HEARTBEAT_URL:-}" ] || die "set HEARTBEAT_URL or HEARTBEAT_URL_FILE, not both"
  [ -r "$HEARTBEAT_URL_FILE" ] || die "HEARTBEAT_URL_FILE $HEARTBEAT_URL_FILE is not readable"
  HEARTBEAT_URL=$(tr -d '[:space:]' <"$HEARTBEAT_URL_FILE")
fi

for known in SLACK_API_URL_FILE PAGERDUTY_ROUTING_KEY_FILE SMTP_AUTH_PASSWORD_FILE PAGERDUTY_URL SMTP_SMARTHOST \
  SMTP_FROM SMTP_AUTH_USERNAME SMTP_REQUIRE_TLS EMAIL_TO HEARTBEAT_URL; do
  [[ " ${names[*]} " == *" $known "* ]] || die "alertmanager.yml has no line marked '# render: $known'"
done

# A YAML single-quoted scalar, escaped for the replacement side of sed.
yaml_quoted() {
  local value=$1
  value="'${value//\'/\'\'}'"
  printf '%s' "$value" | sed -e 's/[\\&|]/\\&/g'
}

mkdir -p "$out/templates"
config="$out/alertmanager.yml"
cp "$here/alertmanager.yml" "$config.tmp"

for name in "${names[@]}"; do
  if [ -n "${!name+set}" ]; then
    value=${!name}
    if [ "$name" = SMTP_REQUIRE_TLS ]; then
      [[ $value =~ ^(true|false)$ ]] || die "SMTP_REQUIRE_TLS must be true or false, not '$value'"
      replacement=$value
    else
      replacement=$(yaml_quoted "$value")
    fi
    sed -i -E "s|^([[:space:]]*(- )?[a-z_]+:[[:space:]]*).*[[:space:]]+(# render: $name)[[:space:]]*\$|\\1$replacement  \\3|" "$config.tmp"
  fi
done

# Route timers: N times faster. Durations are single-unit Go durations (10s, 5m, 1h); results in milliseconds.
divisor=${ROUTE_TIMER_DIVISOR:-1}
[[ $divisor =~ ^[1-9][0-9]*$ ]] || die "ROUTE_TIMER_DIVISOR must be a whole number >= 1, not '$divisor'"
if [ "$divisor" -ne 1 ]; then
  while IFS= read -r line; do
    if [[ $line =~ ^([[:space:]]*(group_wait|group_interval|repeat_interval):[[:space:]]*)([0-9]+)(ms|s|m|h)([[:space:]]*(#.*)?)$ ]]; then
      amount=${BASH_REMATCH[3]}
      case ${BASH_REMATCH[4]} in
        ms) ms=$amount ;;
        s) ms=$((amount * 1000)) ;;
        m) ms=$((amount * 60000)) ;;
        h) ms=$((amount * 3600000)) ;;
      esac
      scaled=$((ms / divisor))
      # group_wait may become 0; the other two must stay positive (repeat_interval 0 is refused).
      if [ "$scaled" -eq 0 ] && [ "${BASH_REMATCH[2]}" != group_wait ]; then
        scaled=1
      fi
      printf '%s%sms%s\n' "${BASH_REMATCH[1]}" "$scaled" "${BASH_REMATCH[5]}"
    elif [[ $line =~ ^[[:space:]]*(group_wait|group_interval|repeat_interval): ]]; then
      die "cannot scale '$line' (use one unit: ms, s, m or h)"
    else
      printf '%s\n' "$line"
    fi
  done <"$config.tmp" >"$config.scaled"
  mv "$config.scaled" "$config.tmp"
fi
mv "$config.tmp" "$config"

# Template values: `{{ define "NAME" }}value{{ end }}` lines of templates/*.tmpl, replaced from the variable.
template_values=("GRAFANA_URL kpi.grafana_url" "DOCS_URL kpi.docs_url")
for pair in "${template_values[@]}"; do
  define=${pair#* }
  grep -qE "^\{\{ define \"${define//./\\.}\" \}\}.*\{\{ end \}\}\$" "$here"/templates/*.tmpl ||
    die "templates/ has no one-line '{{ define \"$define\" }}...{{ end }}' for ${pair%% *}"
done
for template in "$here"/templates/*.tmpl; do
  target="$out/templates/$(basename "$template")"
  cp "$template" "$target"
  for pair in "${template_values[@]}"; do
    name=${pair%% *}
    define=${pair#* }
    if [ -n "${!name:-}" ]; then
      value=$(printf '%s' "${!name%/}" | sed -e 's/[\\&|]/\\&/g')
      sed -i -E "s|^(\{\{ define \"${define//./\\.}\" \}\}).*(\{\{ end \}\})\$|\\1$value\\2|" "$target"
    fi
  done
done

# Alertmanager reads the secret files only when it sends; say now if one is missing.
for name in SLACK_API_URL_FILE PAGERDUTY_ROUTING_KEY_FILE SMTP_AUTH_PASSWORD_FILE; do
  file=$(sed -nE "s/.*:[[:space:]]*'?([^' ]*)'?[[:space:]]+# render: $name[[:space:]]*\$/\\1/p" "$config")
  [ -r "$file" ] || echo "render-config: warning: $name $file is not readable here" >&2
done

echo "$config"
