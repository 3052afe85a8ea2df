using System.Security.Cryptography;
using System.Text.Json;

namespace PublicVote.Api.Features.Results;

/// <summary>The one serialisation of inputs and results used for the fingerprint, the audit export and publications.</summary>
public static class ResultInputsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Hex SHA-256 of the inputs' compact JSON (camelCase, UTF-8): the audit export carries the same JSON.</summary>
    public static string Sha256(ResultInputs inputs) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(inputs, Options)));
}
