/**
 * Whether a URL's host is this machine: 127.0.0.0/8, localhost or [::1]. The emulator override and plain-http
 * storage accept nothing else, so a real credential or a test's traffic never leaves the machine.
 */
export function isLoopbackHost(hostname: string): boolean {
    return (
        hostname === "localhost" ||
        hostname === "[::1]" ||
        hostname === "::1" ||
        /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
    );
}
