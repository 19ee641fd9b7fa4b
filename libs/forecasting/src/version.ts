import { version } from '../package.json';

/** This engine's version, recorded with every saved model. */
export const ENGINE_VERSION: string = version;
