using KpiExporter.Http;
using Microsoft.AspNetCore.Http;

namespace KpiExporter.Tests.Http;

public sealed class GzipNegotiationTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("gzip, deflate, br")]
    [InlineData("br;q=1.0, gzip;q=0.8, *;q=0.1")]
    [InlineData("*")]
    [InlineData("x-gzip")]
    [InlineData("identity;q=1, gzip;q=0.001")]
    public void Gzip_is_accepted(string acceptEncoding) => GzipNegotiation.Accepts(Headers(acceptEncoding)).ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("identity")]
    [InlineData("deflate, br")]
    [InlineData("gzip;q=0")]
    [InlineData("gzip;q=0.000, identity")]
    [InlineData("*;q=0")]
    [InlineData("*, gzip;q=0")]
    public void Gzip_is_not_accepted(string? acceptEncoding) => GzipNegotiation.Accepts(Headers(acceptEncoding)).ShouldBeFalse();

    private static Microsoft.AspNetCore.Http.Headers.RequestHeaders Headers(string? acceptEncoding)
    {
        var context = new DefaultHttpContext();
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        return context.Request.GetTypedHeaders();
    }
}
