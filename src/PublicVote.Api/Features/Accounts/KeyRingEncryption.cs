using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// Encrypts the DataProtection key ring (which protects the antiforgery tokens and the login cookie) before it is
/// stored in PostgreSQL, so a database dump or a read-only SQL account does not hand out the keys. AES-256-GCM
/// under a key derived from <c>Admin:TokenKey</c>, which every node already shares and which never touches the
/// database. Changing the token key makes the stored key ring unreadable, which signs everyone out; that is
/// already what changing it means for bearer tokens.
/// </summary>
public static class KeyRingEncryption
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("PublicVote DataProtection key ring v1");

    internal static byte[] DeriveKey(AdminOptions options) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, options.TokenKeyBytes(), 32, info: Purpose);

    internal static string Seal(byte[] key, XElement plaintext)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + clear.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceBytes, clear.Length), sealedBytes.AsSpan(NonceBytes + clear.Length), Purpose);
        return Convert.ToBase64String(sealedBytes);
    }

    internal static XElement Open(byte[] key, string sealedText)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The encrypted key ring element is too short.");
        }
        var clear = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, clear.Length),
            sealedBytes.AsSpan(NonceBytes + clear.Length), clear, Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(clear));
    }
}

public sealed class KeyRingXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement("encryptedKey", new XElement("value", KeyRingEncryption.Seal(key, plaintextElement))), typeof(KeyRingXmlDecryptor));
}

/// <summary>Created by DataProtection through its activator, hence the service-provider constructor.</summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyRingEncryption.Open(
            KeyRingEncryption.DeriveKey(services.GetRequiredService<IOptions<AdminOptions>>().Value),
            (string?)encryptedElement.Element("value") ?? throw new CryptographicException("The encrypted key ring element has no value."));
}
