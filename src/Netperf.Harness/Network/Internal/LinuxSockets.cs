using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// The few Linux calls the raw HTTP client's event loop makes itself (<see cref="SocketEventLoop"/>): epoll, an eventfd
/// to wake the loop, and <c>send</c>/<c>recv</c> with per-call flags (.NET's <see cref="Socket"/> has no
/// <c>MSG_DONTWAIT</c>). The socket's descriptor goes in as its <see cref="SafeHandle"/>, so a socket disposed on another
/// thread is not closed (and its number not reused) while a call on it runs.
/// </summary>
internal static class LinuxSockets
{
    public const uint EpollIn = 0x001;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;

    public const int EAgain = 11;
    public const int EIntr = 4;

    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EpollCloexec = 0x80000;
    private const int EfdCloexec = 0x80000;
    private const int EfdNonblock = 0x800;
    private const int MsgDontwait = 0x40;
    private const int MsgNosignal = 0x4000;

    /// <summary>The size of one <c>struct epoll_event</c>: packed (12 bytes) on x64 only, naturally aligned (16) elsewhere.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where the 64-bit data word sits in an epoll event.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>True where the event loop can run: Linux (epoll).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    public static int EpollCreate() => Check(NativeMethods.epoll_create1(EpollCloexec), "epoll_create1");

    public static int EventFdCreate() => Check(NativeMethods.eventfd(0, EfdCloexec | EfdNonblock), "eventfd");

    public static void EpollAdd(int epoll, int fd, uint events, ulong data)
    {
        var ev = new byte[16];
        BitConverter.TryWriteBytes(ev, events);
        BitConverter.TryWriteBytes(ev.AsSpan(EpollDataOffset), data);
        Check(NativeMethods.epoll_ctl(epoll, EpollCtlAdd, fd, ev), "epoll_ctl(ADD)");
    }

    /// <summary>Removes <paramref name="fd"/> from the epoll set; an fd already gone is not an error.</summary>
    public static void EpollRemove(int epoll, int fd) => _ = NativeMethods.epoll_ctl(epoll, EpollCtlDel, fd, new byte[16]);

    /// <summary>Waits for events into <paramref name="events"/> (a pinned array); returns their count, or -1 with errno.</summary>
    public static int EpollWait(int epoll, byte[] events, int timeoutMilliseconds) =>
        NativeMethods.epoll_wait(epoll, events, events.Length / EpollEventSize, timeoutMilliseconds);

    public static void EventFdSignal(int fd)
    {
        ulong one = 1;
        _ = NativeMethods.write(fd, ref one, sizeof(ulong));
    }

    public static void Close(int fd) => _ = NativeMethods.close(fd);

    /// <summary><c>recv</c> that never blocks: the bytes read, 0 at the peer's end, or -1 with <paramref name="errno"/>.</summary>
    public static int ReceiveNonBlocking(SafeHandle socket, Span<byte> buffer, out int errno)
    {
        var read = (int)NativeMethods.recv(socket, ref MemoryMarshal.GetReference(buffer), buffer.Length, MsgDontwait);
        errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
        return read;
    }

    /// <summary><c>send</c> without SIGPIPE: the bytes sent, or -1 with <paramref name="errno"/>.</summary>
    public static int Send(SafeHandle socket, ReadOnlySpan<byte> buffer, out int errno)
    {
        var sent = (int)NativeMethods.send(socket, ref MemoryMarshal.GetReference(buffer), buffer.Length, MsgNosignal);
        errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        return sent;
    }

    /// <summary>The C library's text for <paramref name="errno"/>, with the number.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new InvalidOperationException($"{call} failed: {Describe(Marshal.GetLastPInvokeError())}.");

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_create1(int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_ctl(int epfd, int op, int fd, byte[] ev);

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_wait(int epfd, [In, Out] byte[] events, int maxevents, int timeout);

        [DllImport("libc", SetLastError = true)]
        public static extern int eventfd(uint initval, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, ref ulong value, nint count);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern nint recv(SafeHandle fd, ref byte buffer, nint length, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern nint send(SafeHandle fd, ref byte buffer, nint length, int flags);
    }
}
