using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KpiExporter.Web;

/// <summary>
/// Reads an exporter-toolkit web configuration file (the format of <c>--web.config.file</c> of the official
/// exporters): <c>tls_server_config</c> (<c>cert_file</c>, <c>key_file</c>, <c>min_version</c>, <c>max_version</c>,
/// <c>client_auth_type</c>, <c>client_ca_file</c>) and <c>basic_auth_users</c> (user: bcrypt hash). Relative paths
/// are relative to the file's directory, as in the exporter-toolkit. A key this exporter does not implement is an
/// error rather than silently ignored: a reused file that asks for cipher suites or headers must not lose them
/// without a word. Messages name the key and the line, never a value from the file.
/// </summary>
internal static partial class WebConfigFile
{
    private static readonly string[] TopLevel = ["tls_server_config", "basic_auth_users"];
    private static readonly string[] TlsKeys = ["cert_file", "key_file", "min_version", "max_version", "client_auth_type", "client_ca_file"];
    private static readonly string[] NotImplemented =
    [
        "http_server_config", "rate_limit", "tls_server_config.cert", "tls_server_config.key", "tls_server_config.cipher_suites",
        "tls_server_config.curve_preferences", "tls_server_config.prefer_server_cipher_suites", "tls_server_config.client_allowed_sans",
    ];

    private static readonly Dictionary<string, SslProtocols> Versions = new(StringComparer.Ordinal)
    {
        ["TLS12"] = SslProtocols.Tls12,
        ["TLS13"] = SslProtocols.Tls13,
    };

    /// <summary>Loads and builds the file; throws <see cref="WebConfigException"/> naming what is wrong.</summary>
    public static WebConfig Load(string path) => Read(path).Build();

    /// <summary>Reads the file and the files it names, without throwing: the result carries the document or the error, and a fingerprint of every byte read.</summary>
    public static WebConfigRead Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new WebConfigRead(SHA256.HashData([]), null, new WebConfigException($"cannot read the file: {Reason(ex)}", ex));
        }

        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        fingerprint.AppendData(bytes);
        WebConfigDocument document;
        try
        {
            document = Parse(System.Text.Encoding.UTF8.GetString(bytes), Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (WebConfigException ex)
        {
            return new WebConfigRead(fingerprint.GetHashAndReset(), null, ex);
        }

        foreach (var file in document.ReferencedFiles)
        {
            try
            {
                fingerprint.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Building names the unreadable file; the fingerprint changes once it can be read.
                fingerprint.AppendData(System.Text.Encoding.UTF8.GetBytes($"unreadable:{file}"));
            }
        }

        return new WebConfigRead(fingerprint.GetHashAndReset(), document, null);
    }

    /// <summary>Parses the YAML text; <paramref name="directory"/> resolves relative paths.</summary>
    public static WebConfigDocument Parse(string text, string directory)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new WebConfigException($"line {ex.Start.Line}: not valid YAML ({FirstSentence(ex.Message)})", ex);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new WebConfigDocument(null, new Dictionary<string, string>());
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new WebConfigException($"line {yaml.Documents[0].RootNode.Start.Line}: the file must be a mapping with tls_server_config and/or basic_auth_users");
        }

        TlsServerSettings? tls = null;
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode, "");
            switch (key)
            {
                case "tls_server_config":
                    tls = ParseTls(Mapping(value, key), directory);
                    break;
                case "basic_auth_users":
                    if (value is YamlScalarNode { Value: null or "" })
                    {
                        break;
                    }

                    foreach (var (userNode, hashNode) in Mapping(value, key).Children)
                    {
                        var user = Key(userNode, "basic_auth_users.", checkKnown: false);
                        users[user] = Hash(hashNode, $"basic_auth_users.{user}");
                    }

                    break;
                default:
                    throw Unknown(keyNode, key, "", TopLevel);
            }
        }

        return new WebConfigDocument(tls, users);
    }

    private static TlsServerSettings ParseTls(YamlMappingNode node, string directory)
    {
        var values = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            var key = Key(keyNode, "tls_server_config.");
            if (!TlsKeys.Contains(key))
            {
                throw Unknown(keyNode, key, "tls_server_config.", TlsKeys);
            }

            values[key] = value as YamlScalarNode ?? throw new WebConfigException($"tls_server_config.{key} (line {value.Start.Line}): a single value, not a list or mapping");
        }

        string? Text(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.Value) ? v.Value : null;
        string PathOf(string key) => Path.GetFullPath(Text(key) ?? throw new WebConfigException($"tls_server_config.{key}: missing; TLS needs cert_file and key_file"), directory);
        int LineOf(string key) => (int)values[key].Start.Line;

        var min = Version("min_version", Text("min_version") ?? "TLS12", values);
        var max = Version("max_version", Text("max_version") ?? "TLS13", values);
        if (max < min)
        {
            throw new WebConfigException($"tls_server_config.max_version (line {LineOf("max_version")}): lower than min_version");
        }

        var protocols = Versions.Values.Where(v => v >= min && v <= max).Aggregate(SslProtocols.None, (all, v) => all | v);
        var caFile = Text("client_ca_file") is null ? null : PathOf("client_ca_file");
        ClientAuthType clientAuth;
        if (Text("client_auth_type") is { } authText)
        {
            if (!Enum.TryParse(authText, ignoreCase: false, out clientAuth) || int.TryParse(authText, out _))
            {
                throw new WebConfigException($"tls_server_config.client_auth_type (line {LineOf("client_auth_type")}): must be one of {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
            }
        }
        else
        {
            clientAuth = caFile is null ? ClientAuthType.NoClientCert : ClientAuthType.RequireAndVerifyClientCert;
        }

        if (caFile is null && clientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert)
        {
            throw new WebConfigException($"tls_server_config.client_ca_file: missing; client_auth_type {clientAuth} verifies client certificates against it");
        }

        if (caFile is not null && clientAuth == ClientAuthType.NoClientCert)
        {
            throw new WebConfigException($"tls_server_config.client_ca_file (line {LineOf("client_ca_file")}): set, but client_auth_type NoClientCert never asks for a client certificate");
        }

        return new TlsServerSettings(PathOf("cert_file"), PathOf("key_file"), protocols, clientAuth, caFile);
    }

    private static SslProtocols Version(string key, string text, Dictionary<string, YamlScalarNode> values)
    {
        if (Versions.TryGetValue(text, out var version))
        {
            return version;
        }

        var where = $"tls_server_config.{key}{(values.TryGetValue(key, out var v) ? $" (line {v.Start.Line})" : "")}";
        throw new WebConfigException(text is "TLS10" or "TLS11"
            ? $"{where}: TLS 1.0 and 1.1 are deprecated and not offered; use {string.Join(" or ", Versions.Keys)}"
            : $"{where}: must be one of {string.Join(", ", Versions.Keys)}");
    }

    private static string Hash(YamlNode node, string key)
    {
        if (node is not YamlScalarNode { Value: { } hash } || !BcryptHash().IsMatch(hash))
        {
            // The value is not repeated: a plain-text password pasted by mistake must not reach the log.
            throw new WebConfigException($"{key} (line {node.Start.Line}): not a bcrypt hash (expected $2a$, $2b$ or $2y$, a cost from 04 to 31 and 53 characters, e.g. from 'htpasswd -nBC 10 USER')");
        }

        return hash;
    }

    private static string Key(YamlNode node, string prefix, bool checkKnown = true)
    {
        if (node is not YamlScalarNode { Value: { Length: > 0 } key })
        {
            throw new WebConfigException($"{prefix.TrimEnd('.')} (line {node.Start.Line}): a key must be a plain name");
        }

        if (checkKnown && NotImplemented.Contains(prefix + key))
        {
            throw new WebConfigException($"{prefix}{key} (line {node.Start.Line}): not supported by this exporter; remove it (supported: tls_server_config with {string.Join(", ", TlsKeys)}; basic_auth_users)");
        }

        return key;
    }

    private static YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw new WebConfigException($"{key} (line {node.Start.Line}): must be a mapping");

    private static WebConfigException Unknown(YamlNode node, string key, string prefix, IEnumerable<string> known) =>
        new($"{prefix}{key} (line {node.Start.Line}): unknown key (known here: {string.Join(", ", known)})");

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    private static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "it does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();
}
