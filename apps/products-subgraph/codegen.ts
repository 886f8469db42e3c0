import { subgraphCodegen } from '../../codegen.preset';

export default subgraphCodegen({ Product: '@commerce/product-cache#CachedProduct' });
