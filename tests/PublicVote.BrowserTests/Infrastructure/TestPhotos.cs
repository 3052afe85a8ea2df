using PublicVote.IntegrationTests.Candidates;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>Candidate photos for the browser tests: a plain portrait silhouette on a coloured ground, different per seed.</summary>
public static class TestPhotos
{
    private static readonly (byte R, byte G, byte B)[] Grounds =
    [
        (200, 22, 29), (31, 111, 178), (26, 127, 55), (154, 103, 0), (110, 64, 170), (0, 128, 128), (180, 80, 40),
    ];

    public static byte[] Portrait(int seed, int width = 240, int height = 300)
    {
        var ground = Grounds[seed % Grounds.Length];
        var shade = (byte)(seed / Grounds.Length % 40);
        return TestImages.Drawn(width, height, (x, y) =>
        {
            double dx = x - (width / 2.0), headY = y - (height * 0.36), bodyY = y - (height * 0.95);
            var head = (dx * dx) + (headY * headY) < width * width * 0.04;
            var body = ((dx * dx) / (width * width * 0.16)) + ((bodyY * bodyY) / (height * height * 0.16)) < 1;
            if (head || body)
            {
                return (245, 240, 232);
            }
            var fade = (byte)(y * 60 / height);
            return ((byte)Math.Max(0, ground.R - fade), (byte)Math.Max(0, ground.G - fade + shade), (byte)Math.Max(0, ground.B - fade));
        });
    }
}
