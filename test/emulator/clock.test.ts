import { scaledClock, systemClock } from "../../src/async";
import { emulatorClock, EMULATOR_CLOCK, processClock } from "../../src/azure";
import { AzureMlEmulator, EmulatorClock } from "../../src/testing";

describe("the emulator's clock", () => {
    it("stands still on a manual clock until advanced, and never waits", () => {
        const clock = new EmulatorClock({ manual: true }, () => 1_000);
        expect(clock.now()).toBe(1_000);
        clock.advance(90_000);
        expect(clock.now()).toBe(91_000);
        expect(clock.realMs(60_000)).toBe(0);
        expect(() => clock.advance(-1)).toThrow("the clock only moves forward");
        expect(clock.clientEnv()).toEqual({});
    });

    it("runs faster than real time and hands client processes the same clock", () => {
        let real = 10_000;
        const clock = new EmulatorClock({ timeScale: 600 }, () => real);
        real += 1_000;
        expect(clock.now()).toBe(10_000 + 600_000);
        expect(clock.realMs(600_000)).toBe(1_000);
        expect(() => clock.advance(1)).toThrow("advance() needs a manual clock");
        const env = clock.clientEnv();
        expect(env).toEqual({ [EMULATOR_CLOCK]: "600@10000" });
        const client = emulatorClock(env[EMULATOR_CLOCK]);
        expect(client.timeScale).toBe(600);
    });

    it("refuses a time scale that is not a positive number", () => {
        expect(() => new EmulatorClock({ timeScale: 0 })).toThrow("timeScale must be a positive number, got 0");
        expect(() => scaledClock(-2, 0)).toThrow("positive number");
    });

    it("keeps the system clock when the override carries no clock, and names the variable when it is malformed", () => {
        expect(emulatorClock(undefined)).toBe(systemClock);
        expect(emulatorClock("1@123")).toBe(systemClock);
        expect(() => emulatorClock("fast")).toThrow(`${EMULATOR_CLOCK}="fast" must be <time scale>@<origin ms>`);
    });

    it("agrees across processes: the client's now matches the emulator's within real-time noise", async () => {
        const emulator = await AzureMlEmulator.start({ clock: { timeScale: 100 } });
        try {
            const client = emulatorClock(emulator.env()[EMULATOR_CLOCK]);
            // 100× faster: 50 ms of real-time skew between the two reads is 5 s of emulator time.
            expect(Math.abs(client.now() - emulator.clock.now())).toBeLessThan(5_000);
            const before = emulator.clock.now();
            await client.sleep(10_000);
            expect(emulator.clock.now() - before).toBeGreaterThanOrEqual(10_000);
        } finally {
            await emulator.stop();
        }
    });
});

describe("the clock a process waits on", () => {
    it("is the emulator's only with the loopback override, whatever else the environment says", () => {
        expect(processClock({ [EMULATOR_CLOCK]: "600@0" })).toBe(systemClock);
        const fast = processClock({ AZUREML_PULUMI_ARM_ENDPOINT: "https://127.0.0.1:9", [EMULATOR_CLOCK]: "600@0" });
        expect(fast.timeScale).toBe(600);
    });
});
