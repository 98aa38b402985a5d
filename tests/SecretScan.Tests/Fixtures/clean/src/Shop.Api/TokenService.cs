using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Api;

public sealed class JwtOptions
{
    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";
    public string SigningKeySecretName { get; set; } = "jwt-signing-key";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class TokenService(IOptions<JwtOptions> options, SecretClient secrets)
{
    private readonly JwtOptions _options = options.Value;

    public static SecretClient CreateSecretClient(Uri vaultUri) => new(vaultUri, new DefaultAzureCredential());

    public async Task<string> IssueTokenAsync(string userId, CancellationToken ct)
    {
        KeyVaultSecret signingKey = await secrets.GetSecretAsync(_options.SigningKeySecretName, cancellationToken: ct);
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey.Value));
        var token = new JwtSecurityToken(
            issuer: _options.Issuer,
            audience: _options.Audience,
            claims: [new Claim(ClaimTypes.NameIdentifier, userId)],
            expires: DateTime.UtcNow.Add(_options.TokenLifetime),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public static string HashPassword(string password, byte[] salt)
    {
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        return Convert.ToBase64String(hash);
    }

    public static string ConnectionString()
    {
        string password = Environment.GetEnvironmentVariable("DB_PASSWORD")
            ?? throw new InvalidOperationException("DB_PASSWORD is not set");
        return $"Host=db;Database=shop;Username=shop;Password={password}";
    }
}
