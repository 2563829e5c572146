using Npgsql;

namespace Netperf.Results.Storage.Internal;

/// <summary>Recognises and describes PostgreSQL locations; never puts a password in a description or message.</summary>
internal static class PostgresLocation
{
    public static bool IsPostgres(string location)
    {
        var text = location.Trim();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return text.Split(';').Any(part => part.Split('=', 2) is [var key, _]
            && key.Trim() is { } k
            && (k.Equals("Host", StringComparison.OrdinalIgnoreCase) || k.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The Npgsql connection string of a location (a URI is converted).</summary>
    public static NpgsqlConnectionStringBuilder Parse(string location)
    {
        try
        {
            var text = location.Trim();
            if (!text.Contains("://", StringComparison.Ordinal))
            {
                return new NpgsqlConnectionStringBuilder(text);
            }

            var uri = new Uri(text);
            var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
            if (uri.Port > 0)
            {
                builder.Port = uri.Port;
            }

            if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
            {
                builder.Database = Uri.UnescapeDataString(database);
            }

            if (uri.UserInfo.Length > 0)
            {
                var parts = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(parts[0]);
                if (parts.Length == 2)
                {
                    builder.Password = Uri.UnescapeDataString(parts[1]);
                }
            }

            return builder;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            throw new ResultsException(ResultsErrorKind.BadInput,
                "The --store value names PostgreSQL (Host=... or postgresql://...) but is not a valid connection string; check its keywords (Host, Port, Database, Username).", ex);
        }
    }

    public static string Describe(string location)
    {
        try
        {
            var builder = Parse(location);
            var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : builder.Username + "@";
            return $"postgresql://{user}{builder.Host}:{builder.Port}/{builder.Database ?? string.Empty}";
        }
        catch (ResultsException)
        {
            return "postgresql://(unparsable connection string)";
        }
    }
}
