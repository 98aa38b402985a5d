using System.DirectoryServices;
using System.Net;
using System.Net.Mail;

namespace Shop.Reports.Worker;

public sealed class Mailer
{
    private readonly SmtpClient _client = new("smtp.shop.test", 587)
    {
        Credentials = new NetworkCredential("reports@shop.test", "AgNg%nrYPg#maXB5yF"),
        EnableSsl = true,
    };

    public static DirectoryEntry Directory() => new DirectoryEntry("LDAP://dc01.shop.test", "SHOP\\svc-reports", "NKZm+hxyMSgLxbV%2a");
}
