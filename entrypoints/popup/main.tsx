import { render } from 'preact';
import { Popup } from '../../components/popup/Popup';
import { RecountDB } from '../../utils/store/db';

// The popup reads the extension's own database directly, like the dashboard; writes go through the background.
render(<Popup db={new RecountDB()} />, document.getElementById('app')!);
