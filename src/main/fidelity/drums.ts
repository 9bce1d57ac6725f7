// General MIDI drum names and the classes a fidelity report groups them into (GM Level 1 percussion map, notes 35-81).

const GM_DRUMS: Record<number, string> = {
  35: 'Acoustic Bass Drum',
  36: 'Bass Drum 1',
  37: 'Side Stick',
  38: 'Acoustic Snare',
  39: 'Hand Clap',
  40: 'Electric Snare',
  41: 'Low Floor Tom',
  42: 'Closed Hi-Hat',
  43: 'High Floor Tom',
  44: 'Pedal Hi-Hat',
  45: 'Low Tom',
  46: 'Open Hi-Hat',
  47: 'Low-Mid Tom',
  48: 'Hi-Mid Tom',
  49: 'Crash Cymbal 1',
  50: 'High Tom',
  51: 'Ride Cymbal 1',
  52: 'Chinese Cymbal',
  53: 'Ride Bell',
  54: 'Tambourine',
  55: 'Splash Cymbal',
  56: 'Cowbell',
  57: 'Crash Cymbal 2',
  58: 'Vibraslap',
  59: 'Ride Cymbal 2',
  60: 'Hi Bongo',
  61: 'Low Bongo',
  62: 'Mute Hi Conga',
  63: 'Open Hi Conga',
  64: 'Low Conga',
  65: 'High Timbale',
  66: 'Low Timbale',
  67: 'High Agogo',
  68: 'Low Agogo',
  69: 'Cabasa',
  70: 'Maracas',
  71: 'Short Whistle',
  72: 'Long Whistle',
  73: 'Short Guiro',
  74: 'Long Guiro',
  75: 'Claves',
  76: 'Hi Wood Block',
  77: 'Low Wood Block',
  78: 'Mute Cuica',
  79: 'Open Cuica',
  80: 'Mute Triangle',
  81: 'Open Triangle'
}

/** The GM name of a drum note, or 'not in GM' outside 35-81. */
export function drumName(pitch: number): string {
  return GM_DRUMS[pitch] ?? 'not in GM'
}

/** Drum classes of the kit, in report order. */
export const DRUM_CLASSES = ['kick', 'snare', 'hi-hat', 'tom', 'cymbal', 'other'] as const

/** The class of a GM drum note. */
export function drumClass(pitch: number): number {
  if (pitch === 35 || pitch === 36) return 0
  if (pitch >= 37 && pitch <= 40) return 1
  if (pitch === 42 || pitch === 44 || pitch === 46) return 2
  if ([41, 43, 45, 47, 48, 50].includes(pitch)) return 3
  if ([49, 51, 52, 53, 55, 57, 59].includes(pitch)) return 4
  return 5
}
