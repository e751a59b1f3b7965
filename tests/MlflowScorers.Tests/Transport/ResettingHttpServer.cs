using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Transport;

/// <summary>
/// A loopback HTTP server that reads each request and then resets the connection (TCP RST) for the first
/// <c>resets</c> connections, and answers 200 with a JSON body afterwards. WireMock's faults only send malformed bodies
/// over a clean connection, so a real reset needs a raw socket.
/// </summary>
internal sealed class ResettingHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _body;
    private int _resetsLeft;
    private int _requests;

    public ResettingHttpServer(int resets, string body)
    {
        _resetsLeft = resets;
        _body = body;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose() => _listener.Stop();

    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var headers = received.ToString(0, headerEnd);
        var lengthAt = headers.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        var length = lengthAt < 0 ? 0 : int.Parse(headers[(lengthAt + 15)..].Split("\r\n")[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var remaining = length - (received.Length - headerEnd - 4);
        while (remaining > 0)
        {
            remaining -= await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)));
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (socket)
            {
                using var stream = new NetworkStream(socket, ownsSocket: false);
                await ReadRequestAsync(stream);
                Interlocked.Increment(ref _requests);
                if (Interlocked.Decrement(ref _resetsLeft) >= 0)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                    continue;
                }

                var body = Encoding.UTF8.GetBytes(_body);
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(body);
            }
        }
    }
}
