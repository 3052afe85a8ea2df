using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>The API with the test-only burst detector registered the way real detectors are (as an <see cref="IVoteDetector"/>).</summary>
public class AntiFraudFactory : PublicVoteFactory
{
    /// <summary>
    /// The test detector reports at severity 0.8. Above this threshold its cases would be held at once; these classes
    /// are about cases, review and the host's reading of the log on counted votes, so the hold policy is raised past
    /// it here. <see cref="HoldPolicyTests"/> runs with the default (0.6).
    /// </summary>
    public const string HoldAboveTestDetector = "0.9";

    public AntiFraudFactory()
        : this(_ => { })
    {
    }

    protected AntiFraudFactory(Action<Dictionary<string, string?>> configure)
        : base(settings =>
        {
            settings["AntiFraud:Host:HoldSeverity"] = HoldAboveTestDetector;
            configure(settings);
        })
    {
    }

    public TestBurstDetector Detector => Services.GetRequiredService<TestBurstDetector>();

    public FraudScanner Scanner => Services.GetRequiredService<FraudScanner>();

    /// <summary>
    /// Scans until the scanner has read every vote committed so far. One scan may stop short: the log is read only
    /// below the oldest running transaction of the whole PostgreSQL server, which other test classes share.
    /// </summary>
    public async Task<ScanReport> ScanAsync(FraudScanner? scanner = null)
    {
        scanner ??= Scanner;
        await using var db = await Db.OpenConnectionAsync();
        var last = (await db.QueryAsync<(string Xid, long Seq)>(
            "SELECT log_xid::text, log_seq FROM votes ORDER BY log_xid DESC, log_seq DESC LIMIT 1")).ToList();
        var target = last.Count == 0 ? LogPosition.Start : new LogPosition(ulong.Parse(last[0].Xid, CultureInfo.InvariantCulture), last[0].Seq);
        var report = await scanner.RunOnceAsync();
        await Eventually.HoldsAsync(async () =>
        {
            if (scanner.Position >= target)
            {
                return true;
            }
            report = await scanner.RunOnceAsync();
            return false;
        }, "the scanner reads every committed vote");
        return report;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            // Only the test detector: these tests are about the host, cases and review. The real detectors (unit
            // tests, the evaluation harness) would also flag these crafted bursts and claim their votes first.
            services.RemoveAll<IVoteDetector>();
            services.AddSingleton<TestBurstDetector>();
            services.AddSingleton<IVoteDetector>(sp => sp.GetRequiredService<TestBurstDetector>());
        });
    }
}
