/** The machine a run was measured on: numbers from other machines are not comparable. */
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average at the start and end: other work on the machine skews every number. */
  loadAverageStart: number;
  loadAverageEnd?: number;
}

export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverageStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function finishMachineInfo(info: MachineInfo): MachineInfo {
  return { ...info, loadAverageEnd: Math.round(loadavg()[0]! * 100) / 100 };
}
