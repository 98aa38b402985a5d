using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Verification;

/// <summary>A provider's answer (status code and the start of the body) to a status, as the rule's lists say.</summary>
public static class AnswerMapper
{
    public static VerificationResult Map(VerifySpec spec, int status, string body)
    {
        string code = status.ToString(CultureInfo.InvariantCulture);
        // Some APIs (Slack) answer 200 to a dead token and say so in the body.
        if (status is >= 200 and < 300 && spec.InvalidBody is string invalidBody && Rule.CreateRegex(invalidBody).IsMatch(body))
            return new(VerificationStatus.Invalid, $"HTTP {code}, and the answer says the credential is not valid");
        if (spec.Live.Contains(status))
        {
            if (spec.LiveBody is null || Rule.CreateRegex(spec.LiveBody).IsMatch(body)) return new(VerificationStatus.Live, $"HTTP {code}");
            return new(VerificationStatus.Unknown, $"HTTP {code}, but the answer does not look like the provider's");
        }
        if (spec.Invalid.Contains(status)) return new(VerificationStatus.Invalid, $"HTTP {code}");
        if (spec.Quota.Contains(status)) return new(VerificationStatus.Quota, $"HTTP {code}");
        if (spec.Restricted.Contains(status)) return new(VerificationStatus.Restricted, $"HTTP {code}");
        return new(VerificationStatus.Unknown, status >= 500 ? $"the provider failed to answer (HTTP {code})" : $"unexpected answer HTTP {code}");
    }
}
