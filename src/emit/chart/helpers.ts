/**
 * templates/_helpers.tpl: the `helm create` helpers (name, fullname with the 63-character limit,
 * chart, labels, selectorLabels) plus the few the generated templates share: image references,
 * env maps in a stable order, and Secret names mapped through `existingSecrets`.
 *
 * labels/selectorLabels take a dict with the app's name because one chart holds many apps;
 * `app.kubernetes.io/instance` stays the app name (as converted) so selectors do not change
 * between `convert` output and the chart.
 */
export function helpersTpl(chart: string): string {
  const c = chart;
  return `{{/*
Expand the name of the chart.
*/}}
{{- define "${c}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
The converted objects keep their own names (other apps reach their Services by them); use this
one for objects you add to the chart.
*/}}
{{- define "${c}.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "${c}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels of an app's objects. Call with (dict "name" APP "partOf" GROUP "root" $).
*/}}
{{- define "${c}.labels" -}}
helm.sh/chart: {{ include "${c}.chart" .root }}
{{ include "${c}.selectorLabels" . }}
{{- with .partOf }}
app.kubernetes.io/part-of: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/*
Selector labels of an app (as converted; selectors cannot change later). Call with (dict "name" APP).
*/}}
{{- define "${c}.selectorLabels" -}}
app.kubernetes.io/name: {{ .name | quote }}
app.kubernetes.io/instance: {{ .name | quote }}
{{- end }}

{{/*
Image reference from {repository, tag, digest}.
*/}}
{{- define "${c}.image" -}}
{{- .repository }}{{ with .tag }}:{{ . }}{{ end }}{{ with .digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
The name of a Secret the app reads: existingSecrets maps the converted name to the real one.
Call with (dict "name" NAME "secrets" MAP).
*/}}
{{- define "${c}.secretName" -}}
{{- $secrets := .secrets | default dict }}
{{- get $secrets .name | default .name }}
{{- end }}

{{/*
Container env from a NAME: value map: names of "order" first (the converted order, which
$(VAR) references depend on), then added names alphabetically. A string (or number) is the
value; a map is copied as the entry ({valueFrom: …}, or {} for a bare name), with secretKeyRef
names mapped through existingSecrets. Call with (dict "env" MAP "order" LIST "secrets" MAP).
*/}}
{{- define "${c}.env" -}}
{{- $env := .env | default dict }}
{{- $secrets := .secrets }}
{{- $names := list }}
{{- range .order }}{{ if hasKey $env . }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- range (keys $env | sortAlpha) }}{{ if not (has . $names) }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- $out := list }}
{{- range $name := $names }}
{{- $v := get $env $name }}
{{- if kindIs "map" $v }}
{{- $e := deepCopy $v }}
{{- with $e.valueFrom }}{{ with .secretKeyRef }}{{ $_ := set . "name" (include "${c}.secretName" (dict "name" .name "secrets" $secrets)) }}{{ end }}{{ end }}
{{- $_ := set $e "name" $name }}
{{- $out = append $out $e }}
{{- else }}
{{- $out = append $out (dict "name" $name "value" (toString $v)) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Pod volumes, with Secret names mapped through existingSecrets. Call with (dict "volumes" LIST "secrets" MAP).
*/}}
{{- define "${c}.volumes" -}}
{{- $secrets := .secrets }}
{{- $out := list }}
{{- range .volumes }}
{{- $v := deepCopy . }}
{{- with $v.secret }}{{ with .secretName }}{{ $_ := set $v.secret "secretName" (include "${c}.secretName" (dict "name" . "secrets" $secrets)) }}{{ end }}{{ end }}
{{- with $v.projected }}{{ range .sources }}{{ with .secret }}{{ if .name }}{{ $_ := set . "name" (include "${c}.secretName" (dict "name" .name "secrets" $secrets)) }}{{ end }}{{ end }}{{ end }}{{ end }}
{{- $out = append $out $v }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Ingress rules from hosts: [{host, paths: [{path, pathType, service, port}]}]; port is a number or a port name.
*/}}
{{- define "${c}.ingressRules" -}}
{{- $rules := list }}
{{- range . }}
{{- $paths := list }}
{{- range .paths }}
{{- $port := dict "number" .port }}
{{- if kindIs "string" .port }}{{ $port = dict "name" .port }}{{ end }}
{{- $p := dict "pathType" .pathType "backend" (dict "service" (dict "name" .service "port" $port)) }}
{{- with .path }}{{ $_ := set $p "path" . }}{{ end }}
{{- $paths = append $paths $p }}
{{- end }}
{{- $rule := dict "http" (dict "paths" $paths) }}
{{- with .host }}{{ $_ := set $rule "host" . }}{{ end }}
{{- $rules = append $rules $rule }}
{{- end }}
{{- toYaml $rules }}
{{- end }}
`;
}
