// How the roadmap's free texts read on every page: one erased since (a participant's data removed; the server
// sends null, the parser keeps '') reads "(verwijderd)" instead of leaving an empty row or card.
import { t } from './i18n';

export const shownText = (text: string): string => (text === '' ? t('rm.removed') : text);
